; Inno Setup 6 script for Livedesk: a per-user installer (no administrator rights needed) made
; from PyInstaller's one-folder app. Build it on Windows, from the repository root:
;
;   .venv\Scripts\python -m PyInstaller --noconfirm packaging\livedesk.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\livedesk.iss
;
; -> dist\livedesk-<version>-windows-x64-setup.exe (see packaging\README.md). AppVersion must be
; the version in pyproject.toml; the README shows how to pass it without typing it.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=x.y.z packaging\windows\livedesk.iss
#endif

#define AppName "Livedesk"
#define AppExe "livedesk.exe"
#define AppId "{{5A0D7C3E-2B7F-4C61-9B1E-6D3F8A4C2E17}"
#define ProgId "Livedesk.Library"

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Livedesk
; The repository root: every path below is relative to it.
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=livedesk-{#AppVersion}-windows-x64-setup
; Per user: installs into %LOCALAPPDATA%\Programs\Livedesk without an administrator prompt.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=resources\icons\livedesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
ChangesAssociations=yes
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "association"; Description: "Open .livedesk libraries with Livedesk"; GroupDescription: "File types:"

[Files]
Source: "dist\livedesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA is HKEY_CURRENT_USER for a per-user install (HKLM when an administrator installs for all).
Root: HKA; Subkey: "Software\Classes\.livedesk"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\.livedesk\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Livedesk library"; Flags: uninsdeletekey; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --store ""%1"""; Tasks: association
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".livedesk"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller (Settings > Apps > Livedesk > Uninstall) removes the program folder, the
; shortcuts and the file association. It never touches the editors' libraries in their data folder.
