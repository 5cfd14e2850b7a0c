#!/usr/bin/env bash
# Build Livedesk.app and a .dmg on macOS (12 or newer, Xcode command line tools installed).
# Run from the repository root after the set-up in README.md:
#
#   packaging/macos/make_dmg.sh
#
# -> dist/Livedesk.app and dist/livedesk-<version>-macos-<arch>.dmg (arm64 on Apple silicon,
# x86_64 on Intel: build on each kind of Mac you support). The bundle is signed ad hoc; see
# packaging/README.md for signing with a Developer ID and notarizing.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=${PY:-.venv/bin/python}
VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
ARCH=$(uname -m)
APP=dist/Livedesk.app
DMG=dist/livedesk-$VERSION-macos-$ARCH.dmg

QT_API=pyside6 "$PY" -m PyInstaller --noconfirm packaging/livedesk.spec
test -x "$APP/Contents/MacOS/livedesk"

# The same check as CI on Linux: the frozen app opens its window offscreen, loads the sample,
# spellchecks, exports, and exits 0.
QT_QPA_PLATFORM=offscreen LIVEDESK_DATA_DIR="$(mktemp -d)" "$APP/Contents/MacOS/livedesk" --self-test

# Sign the whole bundle: ad hoc by default (Apple silicon refuses unsigned code), or with a
# Developer ID (hardened runtime, ready for notarization):
#   SIGN_IDENTITY="Developer ID Application: Example News (TEAMID)" packaging/macos/make_dmg.sh
if [ -n "${SIGN_IDENTITY:-}" ]; then
    codesign --force --deep --options runtime --timestamp --sign "$SIGN_IDENTITY" "$APP"
else
    codesign --force --deep --sign - "$APP"
fi
codesign --verify --deep --strict "$APP"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Livedesk $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO \
    -imagekey zlib-level=9 -ov "$DMG"
hdiutil verify "$DMG"
du -sh "$APP" "$DMG"
