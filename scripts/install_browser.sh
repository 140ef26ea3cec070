#!/usr/bin/env bash
# Chromium and a CJK font for the UI's browser tests, from Debian apt (Playwright's own browser download
# needs the internet). Does nothing when both are already installed.
set -euo pipefail
# grep without -q reads all of fc-list's output: with -q it would stop early and pipefail would see SIGPIPE.
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install_browser: run as root or install sudo (need: apt-get install chromium fonts-noto-cjk)" >&2; exit 1; }
    sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have stale package lists; update only when the install fails without it.
$sudo apt-get install -y -q chromium fonts-noto-cjk fontconfig \
    || { $sudo apt-get update -q && $sudo apt-get install -y -q chromium fonts-noto-cjk fontconfig; }
