"""The llama-cpp-python build script prints only the wheel's path, built or cached; the installer checks it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPTS = REPO / "scripts"
VERSION = "0.3.36"

# As chatty on stdout as the real `pip wheel`: a caller that took all of stdout for the path broke on the first
# build of every fresh machine. Each call is logged as a JSON line so tests can see what was asked.
_STAND_IN_PIP = r'''#!/usr/bin/env python3
import json, os, sys
from pathlib import Path
args = sys.argv[1:]
with open(os.environ["PIP_CALLS"], "a") as log:
    log.write(json.dumps(args) + "\n")
print("Looking in indexes: https://pypi.org/simple")
print("Collecting llama-cpp-python==0.3.36")
print("  Building wheel for llama-cpp-python (pyproject.toml): started")
print("warning: compiler chatter", file=sys.stderr)
if args[0] == "wheel" and not os.environ.get("PIP_WRITES_NOTHING"):
    folder = Path(args[args.index("-w") + 1])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl").write_bytes(b"PK stand-in wheel")
print("Successfully built llama-cpp-python")
'''


@pytest.fixture
def pip(tmp_path: Path) -> Path:
    path = tmp_path / "bin" / "pip"
    path.parent.mkdir()
    path.write_text(_STAND_IN_PIP)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _run(script: str, pip: Path, wheelhouse: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PIP_CALLS": str(pip.parent / "calls.jsonl"), **env}
    command = ["bash", str(SCRIPTS / script), str(pip), str(wheelhouse), VERSION]
    return subprocess.run(command, check=False, capture_output=True, text=True, env=environ, timeout=60)


def _calls(pip: Path) -> list[list[str]]:
    log = pip.parent / "calls.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_uncached_build_prints_only_the_wheel_path(pip: Path, tmp_path: Path) -> None:
    result = _run("build_llama_cpp.sh", pip, tmp_path / "empty-wheelhouse")
    assert result.returncode == 0, result.stderr
    wheel = Path(result.stdout.removesuffix("\n"))
    assert result.stdout == f"{wheel}\n"
    assert wheel.is_file() and wheel.name == f"llama_cpp_python-{VERSION}-py3-none-linux_x86_64.whl"
    assert "Successfully built" in result.stderr and "building llama-cpp-python" in result.stderr
    assert [call[0] for call in _calls(pip)] == ["wheel"]
    assert not list((tmp_path / "empty-wheelhouse").glob("*.partial")), "the build folder is cleaned up"


def test_cached_wheel_is_reused_without_building(pip: Path, tmp_path: Path) -> None:
    first = _run("build_llama_cpp.sh", pip, tmp_path / "wheels")
    second = _run("build_llama_cpp.sh", pip, tmp_path / "wheels")
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert second.stderr == ""
    assert len(_calls(pip)) == 1, "the second run must not call pip"


def test_build_that_leaves_no_wheel_fails_in_one_line(pip: Path, tmp_path: Path) -> None:
    result = _run("build_llama_cpp.sh", pip, tmp_path / "wheels", PIP_WRITES_NOTHING="1")
    assert result.returncode != 0
    assert result.stdout == ""
    assert "no llama_cpp_python-0.3.36 wheel" in result.stderr.splitlines()[-1]


def test_installer_installs_the_built_wheel_with_the_server_extra(pip: Path, tmp_path: Path) -> None:
    result = _run("install_llama_cpp.sh", pip, tmp_path / "wheels")
    assert result.returncode == 0, result.stderr
    [wheel] = (tmp_path / "wheels").glob("*/llama_cpp_python-*.whl")
    assert _calls(pip)[-1] == ["install", "--quiet", f"{wheel}[server]"]


def test_installer_stops_before_pip_install_when_the_build_fails(pip: Path, tmp_path: Path) -> None:
    result = _run("install_llama_cpp.sh", pip, tmp_path / "wheels", PIP_WRITES_NOTHING="1")
    assert result.returncode != 0
    assert [call[0] for call in _calls(pip)] == ["wheel"]
