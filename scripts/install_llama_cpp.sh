#!/usr/bin/env bash
# Install llama-cpp-python[server] into the venv whose pip is PIP, from the wheel built once for this CPU.
# Usage: install_llama_cpp.sh PIP WHEELHOUSE VERSION
set -euo pipefail
pip=$1
here=$(dirname "$0")
wheel=$(bash "$here/build_llama_cpp.sh" "$@")
# The path is all the build script may print; anything else (pip's progress once went there) is not a file.
if [ ! -f "$wheel" ]; then
    echo "install_llama_cpp: build_llama_cpp.sh printed '${wheel//$'\n'/ }', which is not a wheel file" >&2
    exit 1
fi
"$pip" install --quiet "$wheel[server]"
