#!/usr/bin/env bash
# Build llama-cpp-python once per CPU and keep the wheel, so later venvs install it in seconds.
# Usage: build_llama_cpp.sh PIP WHEELHOUSE VERSION
# Stdout carries the wheel's path and nothing else (the Makefile installs what it reads there); pip's
# progress and every other message go to stderr.
#
# Why not pip's default build: it compiles with -march=native, and on CPUs that report AMX (Sapphire
# Rapids) inside VMs that do not grant AMX tile state, llama.cpp segfaults on the first matrix multiply.
# We keep -march=native and switch AMX off: a 902-token prompt prefills in 10 s here, against 17 s for an
# AVX2-only (-DGGML_NATIVE=OFF) build.
set -euo pipefail
pip=$1
wheelhouse=$2
version=$3
no_amx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
cpu_key=$( (grep -m1 '^flags' /proc/cpuinfo || uname -m; echo "$version $no_amx") | sha256sum | cut -c1-16)
dir="$wheelhouse/llama-cpp-python-$version-$cpu_key"

cached_wheel() {
    local wheels=("$dir"/llama_cpp_python-"$version"-*.whl)
    [ -f "${wheels[0]}" ] && printf '%s\n' "${wheels[0]}"
}

if ! cached_wheel >/dev/null; then
    echo "building llama-cpp-python $version for this CPU (about 5-10 minutes, once)" >&2
    mkdir -p "$dir"
    # A build killed half-way leaves its .partial folder; start that one afresh.
    rm -rf "$dir.partial"
    CFLAGS="$no_amx" CXXFLAGS="$no_amx" CMAKE_ARGS="-DGGML_NATIVE=ON" \
        "$pip" wheel --no-deps --no-binary llama-cpp-python --no-cache-dir -w "$dir.partial" \
        "llama-cpp-python==$version" >&2
    mv "$dir.partial"/llama_cpp_python-"$version"-*.whl "$dir"/ && rm -rf "$dir.partial"
fi
cached_wheel || { echo "build_llama_cpp: no llama_cpp_python-$version wheel in $dir after the build" >&2; exit 1; }
