"""Build dist/pairtable-offline-<version>.zip: everything an intranet PC needs to install
pairtable without the internet.

The zip holds the pairtable wheel and the wheels of every runtime dependency (resolved by pip
for each target: Windows x64 and Linux x86_64, CPython 3.11, 3.12 and 3.13), plus install.bat
and install.sh, which run `pip install --no-index --find-links wheels pairtable`.

Run it on a machine with internet access, from the repository root:

    .venv/bin/python scripts/build-offline-bundle.py            # -> dist/
    .venv/bin/python scripts/build-offline-bundle.py --out 发布/

The zip's entries are sorted and dated SOURCE_DATE_EPOCH (or 1980-01-01).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHONS = ("3.11", "3.12", "3.13")
PLATFORMS = {
    "windows-x64": ["win_amd64"],
    "linux-x86_64": [
        "manylinux_2_28_x86_64",
        "manylinux_2_17_x86_64",
        "manylinux2014_x86_64",
        "linux_x86_64",
    ],
}
# What environment markers see on each target. pip download evaluates markers against the
# machine it runs on, so a Windows-only dependency (typer needs colorama there) would be
# missing from a bundle built on Linux: `missing_for` finds those and they are fetched too.
MARKERS = {
    "windows-x64": {
        "os_name": "nt",
        "sys_platform": "win32",
        "platform_system": "Windows",
        "platform_machine": "AMD64",
    },
    "linux-x86_64": {
        "os_name": "posix",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": "x86_64",
    },
}

INSTALL_SH = """#!/bin/sh
# 离线安装 pairtable：不连接互联网，只使用本文件夹 wheels/ 中的安装包。
# 用法：sh install.sh            （装入当前的 python3；建议先激活一个虚拟环境）
#       PYTHON=/path/to/python sh install.sh
set -e
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
"$python" -m pip install --no-index --find-links "$here/wheels" pairtable "$@"
echo "安装完成。运行 pairtable -h 查看用法。"
"""

INSTALL_BAT = """@echo off
rem 离线安装 pairtable：不连接互联网，只使用本文件夹 wheels\\ 中的安装包。
rem 用法：双击运行，或在命令提示符中运行 install.bat（装入 py/python 所指的 Python）
setlocal
set "HERE=%~dp0"
set "PY=python"
where py >nul 2>nul && set "PY=py -3"
if not "%PYTHON%"=="" set "PY=%PYTHON%"
%PY% -m pip install --no-index --find-links "%HERE%wheels" pairtable %*
if errorlevel 1 (
  echo 安装失败：请确认已安装 Python 3.11、3.12 或 3.13（64 位），并把上面的提示发给管理员。
  pause
  exit /b 1
)
echo 安装完成。在命令提示符中运行 pairtable -h 查看用法。
pause
"""

README = """pairtable 离线安装包（版本 {version}）

适用于不能连接互联网的电脑：Windows 64 位或 Linux x86_64，Python 3.11、3.12 或 3.13。

Windows：先安装 Python（安装时勾选“Add python.exe to PATH”），再双击 install.bat。
Linux：  sh install.sh（建议先 python3 -m venv ~/pairtable && . ~/pairtable/bin/activate）。

安装完成后运行 pairtable -h 查看用法。安装过程不访问网络，只使用 wheels 文件夹中的安装包：
{wheels}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the zip")
    args = parser.parse_args()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    version, requirements = project["version"], project["dependencies"]
    name = f"pairtable-offline-{version}"
    with tempfile.TemporaryDirectory() as work:
        bundle = Path(work) / name
        wheels = bundle / "wheels"
        wheels.mkdir(parents=True)
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
        run([*pip, "wheel", "--no-deps", "--wheel-dir", str(wheels), str(ROOT)])
        for python in PYTHONS:
            abi = "cp" + python.replace(".", "")
            for target, tags in PLATFORMS.items():
                download = [
                    *pip,
                    "download",
                    "--only-binary=:all:",
                    *(f"--platform={tag}" for tag in tags),
                    f"--python-version={python}",
                    "--implementation=cp",
                    f"--abi={abi}",
                    "--abi=abi3",
                    "--abi=none",
                    "--dest",
                    str(wheels),
                ]
                wanted = list(requirements)
                while wanted:
                    run([*download, *wanted])
                    wanted = missing_for(wheels, {**MARKERS[target], "python_version": python})
        listed = "\n".join(f"  {p.name}" for p in sorted(wheels.iterdir()))
        write(bundle / "install.sh", INSTALL_SH, "utf-8", "\n", mode=0o755)
        # cmd.exe reads a .bat in the console's code page: GBK on Chinese Windows.
        write(bundle / "install.bat", INSTALL_BAT, "gbk", "\r\n")
        readme = README.format(version=version, wheels=listed)
        write(bundle / "安装说明.txt", readme, "utf-8-sig", "\r\n")
        target = args.out / f"{name}.zip"
        zip_folder(bundle, target)
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


def missing_for(wheels: Path, environment: dict[str, str]) -> list[str]:
    """Requirements of the downloaded wheels that apply on the target but have no wheel."""
    from packaging.markers import Marker
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename

    have = {parse_wheel_filename(p.name)[0] for p in wheels.glob("*.whl")}
    full = {
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "python_full_version": environment["python_version"] + ".0",
        "extra": "",
        **environment,
    }
    missing: set[str] = set()
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            lines = archive.read(metadata).decode("utf-8").splitlines()
        for line in lines:
            if not line.startswith("Requires-Dist:"):
                continue
            requirement = Requirement(line.partition(":")[2].strip())
            marker: Marker | None = requirement.marker
            if marker is not None and not marker.evaluate(full):
                continue
            if canonicalize_name(requirement.name) not in have:
                missing.add(str(requirement).split(";")[0].strip())
    return sorted(missing)


def run(command: list[str]) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)


def write(path: Path, text: str, encoding: str, newline: str, mode: int = 0o644) -> None:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    path.chmod(mode)


def zip_folder(folder: Path, target: Path) -> None:
    """A reproducible zip: sorted entries, one timestamp, permissions kept; written atomically."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(str(path.relative_to(folder.parent)), stamp)
                info.external_attr = (path.stat().st_mode & 0o777) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so the permissions above are honoured
                archive.writestr(info, path.read_bytes())
    shutil.move(temporary, target)


if __name__ == "__main__":
    sys.exit(main())
