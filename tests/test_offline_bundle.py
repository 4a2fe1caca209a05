"""The offline install bundle (13.9): built by the script, installed with no index at all."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# pip does not widen a --platform tag to older manylinux tags: Linux needs both (Pillow's
# wheels are manylinux_2_28, python-calamine's manylinux_2_17).
LINUX = "manylinux_2_28_x86_64 manylinux_2_17_x86_64"
TARGETS = [(p, v) for p in ("win_amd64", LINUX) for v in ("3.11", "3.12", "3.13")]


def offline_env(tmp_path: Path) -> dict[str, str]:
    """pip with no index and no configuration that could point at one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return env | {
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_INDEX_URL": "http://127.0.0.1:9/simple",  # nothing listens there
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "HOME": str(tmp_path),
    }


@pytest.mark.slow
def test_bundle_builds_and_installs_without_an_index(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build-offline-bundle.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (bundle,) = tmp_path.glob("pairtable-offline-*.zip")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "unpacked")
    (folder,) = (tmp_path / "unpacked").iterdir()
    wheels = sorted(p.name for p in (folder / "wheels").iterdir())
    assert any(n.startswith("pairtable-") for n in wheels)
    assert any(n.startswith("colorama-") for n in wheels)  # typer needs it on Windows only
    for platform, version in TARGETS:
        tag = "cp" + version.replace(".", "")
        platform_key = "win_amd64" if platform == "win_amd64" else "manylinux"
        assert any(tag in n and platform_key in n for n in wheels if "calamine" in n), (
            tag,
            platform,
        )
    bat = (folder / "install.bat").read_bytes().decode("gbk")
    assert "--no-index --find-links" in bat and "\r\n" in bat
    assert "--no-index --find-links" in (folder / "install.sh").read_text(encoding="utf-8")

    env = offline_env(tmp_path)
    for platform, version in TARGETS:  # every target resolves from the wheels alone
        resolved = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--dry-run",
                "--ignore-installed",
                "--no-index",
                "--find-links",
                str(folder / "wheels"),
                "--only-binary=:all:",
                *(f"--platform={tag}" for tag in platform.split()),
                f"--python-version={version}",
                "--implementation=cp",
                "--target",
                str(tmp_path / "target"),
                "pairtable",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert resolved.returncode == 0, (platform, version, resolved.stderr[-1500:])

    venv = tmp_path / "全新 环境"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        ["sh", str(folder / "install.sh")],
        env=env | {"PYTHON": str(python)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout[-1500:] + installed.stderr[-1500:]
    merged = subprocess.run(
        [
            str(venv / "bin" / "pairtable"),
            "merge",
            str(ROOT / "examples" / "inbox"),
            "-o",
            str(tmp_path / "province.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert merged.returncode == 0, merged.stderr
    assert (tmp_path / "province.xlsx").exists()
