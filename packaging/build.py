"""Build Livedesk's installers: the one-folder app, a .tar.gz and a .deb (Linux), then check them.

    .venv/bin/python packaging/build.py [--skip-deb] [--skip-selftest] [--install-test]

(``make package`` runs it; ``make package PACKAGE_ARGS="--install-test"`` adds the install test.)

1. PyInstaller with ``packaging/livedesk.spec`` -> ``dist/livedesk/``;
2. ``dist/livedesk-<version>-linux-<machine>.tar.gz`` (one folder, ``livedesk-<version>/``);
3. ``dist/livedesk_<version>_<arch>.deb`` with dpkg-deb: the app in ``/opt/livedesk``,
   ``/usr/bin/livedesk``, a desktop entry and the icon in the hicolor theme. ``Depends:`` lists the
   packages of the libraries the bundle links to and does not carry (``dpkg -S``, shlibs files);
4. the built app's ``--self-test`` (QT_QPA_PLATFORM=offscreen, then on X11 under Xvfb when
   ``xvfb-run`` is installed) and the time to its first window;
5. with ``--install-test`` (root or sudo): ``dpkg -i``, ``livedesk --version`` and
   ``livedesk --self-test`` from ``/usr/bin``, ``dpkg -r``.

It ends with a table of sizes and times against the targets of issue 7 and writes the same as
JSON to ``dist/package-report.json``. The exit code is 1 when a step failed (a target missed is
reported, not a failure, unless ``--strict``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if "livedesk_bundle" not in sys.modules:
    sys.path.insert(0, str(HERE))

import livedesk_bundle as plan  # noqa: E402

DIST = ROOT / "dist"
WORK = ROOT / "build"
SPEC = HERE / "livedesk.spec"
MIB = 1024 * 1024

#: Issue 7's targets.
TARGET_UNPACKED_MIB = 110
TARGET_COMPRESSED_MIB = 45
TARGET_STARTUP_MS = 800

#: The app prints this line on stderr when LIVEDESK_REPORT_STARTUP=1 and its main window has
#: been shown (and painted) for the first time, then quits.
STARTUP_MARKER = re.compile(r"^startup-ms\s+(\d+(?:\.\d+)?)\s*$")
STARTUP_RUNS = 3


@dataclass
class Report:
    version: str
    steps: dict[str, float] = field(default_factory=dict)  # seconds
    unpacked_bytes: int = 0
    files: int = 0
    tar_gz: str = ""
    tar_gz_bytes: int = 0
    deb: str = ""
    deb_bytes: int = 0
    deb_depends: list[str] = field(default_factory=list)
    self_test: str = "not run"
    self_test_xcb: str = "not run (no xvfb-run)"
    startup_ms: float | None = None
    startup_runs_ms: list[float] = field(default_factory=list)
    startup_app_ms: list[float] = field(default_factory=list)
    startup_note: str = ""
    install_test: str = "not run"
    failures: list[str] = field(default_factory=list)


class StepFailed(Exception):
    pass


# ---------------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(f"[package] {message}", flush=True)


def run(command: list[str], *, env: dict[str, str] | None = None, timeout: float = 1800,
        check: bool = True, quiet: bool = False) -> subprocess.CompletedProcess[str]:
    if not quiet:
        log("$ " + " ".join(command))
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout,
                            check=False)
    if check and result.returncode != 0:
        raise StepFailed(f"{' '.join(command[:3])} exited {result.returncode}:\n"
                         + (result.stdout + result.stderr).strip()[-4000:])
    return result


def run_step(report: Report, name: str, body: Callable[[], None]) -> bool:
    """Run one step, timing it; a StepFailed is recorded in the report. True when it passed."""
    start = time.monotonic()
    log(f"--- {name}")
    try:
        body()
    except StepFailed as error:
        report.failures.append(f"{name}: {error}")
        log(f"FAILED {name}: {error}")
        return False
    finally:
        report.steps[name] = round(time.monotonic() - start, 1)
    return True


def tree_size(folder: Path) -> tuple[int, int]:
    """Bytes of the regular files under ``folder`` (symlinks not followed), and their count."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def installed_kib(folder: Path) -> int:
    """dpkg's Installed-Size: KiB, each file rounded up (as dpkg-gencontrol counts)."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1
        elif path.is_file():
            total += -(-path.stat().st_size // 1024)
    return total


def app_executable(app_dir: Path) -> Path:
    if sys.platform == "win32":
        return app_dir / "livedesk.exe"
    return app_dir / "livedesk"


def isolated_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment for running the built app: its data, settings and caches in ``folder``."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "VIRTUAL_ENV", "QT_", "LIVEDESK_"))}
    env.update(LIVEDESK_DATA_DIR=str(folder / "data"), XDG_CONFIG_HOME=str(folder / "config"),
               XDG_DATA_HOME=str(folder / "share"), XDG_CACHE_HOME=str(folder / "cache"),
               QT_QPA_PLATFORM="offscreen")
    env.update(extra)
    return env


# ---------------------------------------------------------------------------------- the steps


def build_app(project: plan.Project) -> Path:
    env = dict(os.environ, QT_API="pyside6")
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK / "pyinstaller"), str(SPEC)], env=env)
    app_dir = DIST / project.name
    if not app_executable(app_dir).is_file():
        raise StepFailed(f"PyInstaller made no {app_executable(app_dir)}")
    return app_dir


def make_tarball(app_dir: Path, project: plan.Project) -> Path:
    machine = platform.machine().lower() or "unknown"
    target = DIST / f"{project.name}-{project.version}-linux-{machine}.tar.gz"
    top = f"{project.name}-{project.version}"

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(target, "w:gz", compresslevel=9) as archive:
        archive.add(app_dir, arcname=top, filter=clean)
    return target


def elf_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def system_library_paths() -> dict[str, str]:
    """soname -> path, from the dynamic linker's cache (x86-64 entries)."""
    result = run(["/sbin/ldconfig", "-p"], quiet=True)
    paths: dict[str, str] = {}
    for line in result.stdout.splitlines():
        match = re.match(r"\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)", line)
        if match and ("x86-64" in match.group(2) or platform.machine() != "x86_64"):
            paths.setdefault(match.group(1), match.group(3))
    return paths


def package_of(path: str) -> str | None:
    candidates = [path, os.path.realpath(path)]
    candidates += [c.removeprefix("/usr") for c in list(candidates) if c.startswith("/usr/lib")]
    candidates += ["/usr" + c for c in list(candidates) if c.startswith("/lib")]
    for candidate in dict.fromkeys(candidates):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True,
                                check=False)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def shlibs_floor(package: str, soname: str) -> str:
    """``package (>= version)`` from the package's shlibs file, or the bare package."""
    match = re.fullmatch(r"(.+)\.so\.(.+)", soname) or re.fullmatch(r"(.+)-(.+)\.so", soname)
    if not match:
        return package
    library, version = match.groups()
    info = Path("/var/lib/dpkg/info")
    for name in (f"{package}.shlibs", *(p.name for p in info.glob(f"{package}:*.shlibs"))):
        shlibs = info / name
        if shlibs.is_file():
            for line in shlibs.read_text(encoding="utf-8").splitlines():
                parts = line.split(None, 2)
                if len(parts) == 3 and parts[0] == library and parts[1] == version:
                    return parts[2]
    return package


def deb_depends(app_dir: Path) -> list[str]:
    """Depends: the packages of the libraries the bundle links to and does not carry.

    Each ELF file's DT_NEEDED sonames, less those inside the bundle, are found in the linker's
    cache and their package with ``dpkg -S``; the version floor comes from that package's shlibs
    file, and for libc6 from the newest GLIBC_2.N symbol version the bundle uses.
    """
    elves = list(elf_files(app_dir))
    bundled = {path.name for path in app_dir.rglob("*.so*")}
    needed: set[str] = set()
    for path in elves:
        needed.update(plan.elf_needed(path))
    system = system_library_paths()
    entries, unknown = [], []
    for soname in sorted(needed - bundled):
        path = system.get(soname)
        package = package_of(path) if path else None
        if package is None:
            unknown.append(soname)
        elif package == "libc6":
            floor = plan.glibc_floor(elves)
            entries.append(f"libc6 (>= {floor})" if floor else "libc6")
        else:
            entries.append(shlibs_floor(package, soname))
    if unknown:
        raise StepFailed("the app links to libraries this machine has no package for: "
                         + ", ".join(unknown))
    return plan.merge_depends(entries)


def make_deb(app_dir: Path, project: plan.Project, report: Report) -> Path:
    if not shutil.which("dpkg-deb"):
        raise StepFailed("dpkg-deb not found (install dpkg, or use --skip-deb)")
    arch = run(["dpkg", "--print-architecture"], quiet=True).stdout.strip()
    stage = WORK / "deb" / f"{project.name}_{project.version}_{arch}"
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / "opt" / project.name
    shutil.copytree(app_dir, opt, symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / project.name).symlink_to(f"/opt/{project.name}/{project.name}")
    applications = stage / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{project.name}.desktop").write_text(plan.desktop_entry(project),
                                                          encoding="utf-8")
    icons = ROOT / "resources" / "icons"
    for size in plan.ICON_SIZES:
        folder = stage / "usr/share/icons/hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copyfile(icons / f"livedesk-{size}.png", folder / f"{project.name}.png")
    scalable = stage / "usr/share/icons/hicolor/scalable/apps"
    scalable.mkdir(parents=True)
    shutil.copyfile(icons / "livedesk.svg", scalable / f"{project.name}.svg")
    doc = stage / "usr/share/doc" / project.name
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(plan.deb_copyright(project), encoding="utf-8")
    for path in stage.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
        elif path.is_file() and not path.is_symlink():
            path.chmod(0o755 if os.access(path, os.X_OK) else 0o644)

    depends = deb_depends(opt)
    report.deb_depends = depends
    (stage / "DEBIAN").mkdir()
    control = plan.deb_control(project, arch=arch, depends=depends,
                               installed_kib=installed_kib(stage))
    (stage / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    target = DIST / f"{project.name}_{project.version}_{arch}.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(target)])
    return target


def self_test(executable: Path, *, platform_name: str = "offscreen") -> str:
    """The built app's --self-test; on "xcb" under Xvfb, which loads Qt's X11 plugin and so
    every X library the bundle and the .deb's Depends must provide."""
    prefix = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"] if platform_name == "xcb" else []
    with tempfile.TemporaryDirectory(prefix="livedesk-package-") as folder:
        env = isolated_env(Path(folder), QT_QPA_PLATFORM=platform_name)
        result = subprocess.run([*prefix, str(executable), "--self-test"], capture_output=True,
                                text=True, timeout=300, check=False, env=env)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise StepFailed(f"--self-test exited {result.returncode}:\n{output[-4000:]}")
    return output.splitlines()[-1] if output else "passed"


def _read_lines(stream: object, lines: queue.Queue[tuple[float, str | None]]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put((time.monotonic(), line))
    lines.put((time.monotonic(), None))


def measure_startup(executable: Path, report: Report, runs: int = STARTUP_RUNS) -> None:
    """Time from launching the built app to its ``startup-ms`` line (first window shown).

    The first run is a warm-up (it fills the disk cache, as an editor's second start would
    find it); the median of the others is the number reported.
    """
    with tempfile.TemporaryDirectory(prefix="livedesk-startup-") as name:
        folder = Path(name)
        store = folder / "startup.livedesk"
        run([str(executable), "sample", "--store", str(store)], env=isolated_env(folder),
            quiet=True)
        env = isolated_env(folder, LIVEDESK_REPORT_STARTUP="1",
                           QT_QPA_PLATFORM=os.environ.get("LIVEDESK_STARTUP_PLATFORM",
                                                          "offscreen"))
        for index in range(runs + 1):
            lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
            start = time.monotonic()
            process = subprocess.Popen([str(executable), "--store", str(store)], env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                       text=True)
            threading.Thread(target=_read_lines, args=(process.stderr, lines),
                             daemon=True).start()
            seen = None
            tail: list[str] = []
            deadline = start + 30
            while time.monotonic() < deadline:
                try:
                    when, line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if line is None:
                    break
                tail = [*tail, line.rstrip()][-20:]
                match = STARTUP_MARKER.match(line.strip())
                if match:
                    seen = (when - start) * 1000, float(match.group(1))
                    break
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if seen is None:
                report.startup_note = (
                    "the app printed no 'startup-ms' line within 30 s (it must print one when "
                    "LIVEDESK_REPORT_STARTUP=1); its last output: " + " | ".join(tail[-5:]))
                return
            if index > 0:  # run 0 warms the disk cache
                report.startup_runs_ms.append(round(seen[0], 1))
                report.startup_app_ms.append(seen[1])
    report.startup_ms = round(statistics.median(report.startup_runs_ms), 1)


def sudo_prefix() -> list[str]:
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo"):
        return ["sudo"]
    raise StepFailed("--install-test needs root or sudo")


def install_test(deb: Path, project: plan.Project) -> str:
    sudo = sudo_prefix()
    installed = Path("/usr/bin") / project.name
    run([*sudo, "dpkg", "-i", str(deb)], timeout=600)
    try:
        for path in (installed, Path(f"/opt/{project.name}/{project.name}"),
                     Path(f"/usr/share/applications/{project.name}.desktop"),
                     Path(f"/usr/share/icons/hicolor/256x256/apps/{project.name}.png")):
            if not path.exists():
                raise StepFailed(f"the installed package has no {path}")
        with tempfile.TemporaryDirectory(prefix="livedesk-installed-") as name:
            env = isolated_env(Path(name))
            version = run([str(installed), "--version"], env=env, timeout=60).stdout.strip()
            if version != f"{project.name} {project.version}":
                raise StepFailed(f"{installed} --version printed {version!r}")
            log(f"{installed} --version: {version}")
            result = run([str(installed), "--self-test"], env=env, timeout=300)
            tail = (result.stdout + result.stderr).strip().splitlines()
            log(f"{installed} --self-test: {tail[-1] if tail else 'exit 0'}")
    finally:
        run([*sudo, "dpkg", "-r", project.name], timeout=600)
    if installed.exists() or Path(f"/opt/{project.name}").exists():
        raise StepFailed("dpkg -r left files behind")
    return f"passed (dpkg -i, {project.name} --version, --self-test, dpkg -r)"


# ---------------------------------------------------------------------------------- reporting


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "not measured"
    return "met" if value <= target else "MISSED"


def table(report: Report) -> str:
    def mib(size: int) -> str:
        return f"{size / MIB:.1f} MiB ({size / 1e6:.1f} MB)"

    rows = [("what", "measured", "target", "")]
    rows.append(("unpacked app (dist/livedesk)", f"{mib(report.unpacked_bytes)}, "
                 f"{report.files} files", f"<= {TARGET_UNPACKED_MIB} MiB",
                 verdict(report.unpacked_bytes / MIB, TARGET_UNPACKED_MIB)))
    if report.tar_gz:
        rows.append((Path(report.tar_gz).name, mib(report.tar_gz_bytes),
                     f"<= {TARGET_COMPRESSED_MIB} MiB",
                     verdict(report.tar_gz_bytes / MIB, TARGET_COMPRESSED_MIB)))
    if report.deb:
        rows.append((Path(report.deb).name, mib(report.deb_bytes),
                     f"<= {TARGET_COMPRESSED_MIB} MiB",
                     verdict(report.deb_bytes / MIB, TARGET_COMPRESSED_MIB)))
    startup = (f"{report.startup_ms:.0f} ms (median of {len(report.startup_runs_ms)}: "
               + ", ".join(f"{v:.0f}" for v in report.startup_runs_ms) + ")"
               if report.startup_ms is not None else "-")
    if report.startup_app_ms:
        startup += f"; in-app {statistics.median(report.startup_app_ms):.0f} ms"
    rows.append(("launch to first window", startup, f"< {TARGET_STARTUP_MS} ms",
                 verdict(report.startup_ms, TARGET_STARTUP_MS - 0.001)))
    rows.append(("--self-test of the built app", report.self_test, "exit 0", ""))
    rows.append(("the same on X11 (xcb, Xvfb)", report.self_test_xcb, "exit 0", ""))
    rows.append(("install test", report.install_test, "", ""))
    for step, seconds in report.steps.items():
        rows.append((f"time: {step}", f"{seconds:.1f} s", "", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip()
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--skip-deb", action="store_true", help="no .deb (nor install test)")
    parser.add_argument("--skip-selftest", action="store_true",
                        help="do not run the built app (no --self-test, no startup time)")
    parser.add_argument("--install-test", action="store_true",
                        help="dpkg -i the .deb, run livedesk --version and --self-test, dpkg -r")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a size or time target is missed")
    args = parser.parse_args(argv)

    project = plan.read_project(ROOT / "pyproject.toml")
    report = Report(version=project.version)
    linux = sys.platform.startswith("linux")
    started = time.monotonic()
    DIST.mkdir(exist_ok=True)
    app_dir = DIST / project.name

    def build() -> None:
        built = build_app(project)
        report.unpacked_bytes, report.files = tree_size(built)

    def tarball() -> None:
        target = make_tarball(app_dir, project)
        report.tar_gz, report.tar_gz_bytes = str(target), target.stat().st_size

    def deb() -> None:
        target = make_deb(app_dir, project, report)
        report.deb, report.deb_bytes = str(target), target.stat().st_size

    def check_self_test() -> None:
        report.self_test = "FAILED"
        report.self_test = self_test(app_executable(app_dir))

    def check_self_test_xcb() -> None:
        report.self_test_xcb = "FAILED"
        report.self_test_xcb = self_test(app_executable(app_dir), platform_name="xcb")

    def startup() -> None:
        measure_startup(app_executable(app_dir), report)

    def install() -> None:
        if not report.deb:
            raise StepFailed("no .deb was built")
        report.install_test = "FAILED"
        report.install_test = install_test(Path(report.deb), project)

    if not run_step(report, "PyInstaller", build):
        print(table(report))
        return 1
    if linux:
        run_step(report, "tar.gz", tarball)
        if not args.skip_deb:
            run_step(report, ".deb", deb)
    else:
        log("not Linux: built the app only; see packaging/README.md for this system's installer")
    if not args.skip_selftest:
        run_step(report, "self-test", check_self_test)
        if linux and shutil.which("xvfb-run"):
            run_step(report, "self-test on X11 (Xvfb)", check_self_test_xcb)
        run_step(report, "startup", startup)
    if args.install_test:
        run_step(report, "install test", install)

    report.steps["total"] = round(time.monotonic() - started, 1)
    print()
    print(table(report))
    if report.deb_depends:
        print(f"\nDepends: {', '.join(report.deb_depends)}")
    if report.startup_note:
        print(f"\nstartup: {report.startup_note}")
    (DIST / "package-report.json").write_text(json.dumps(asdict(report), indent=2) + "\n",
                                              encoding="utf-8")
    for failure in report.failures:
        print(f"\nFAILED {failure}", file=sys.stderr)
    missed = [row for row in table(report).splitlines() if row.endswith("MISSED")]
    if report.failures or (args.strict and missed):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
