#!/usr/bin/env bash
# Headless Chromium for the browser tests: Debian's chromium and chromium-driver.
# Does nothing when both are there; installs them with apt-get when run as root;
# fails otherwise (the browser tests then skip locally and fail under CI=true).
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "ensure_chromium: need root and apt-get to install chromium chromium-driver" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver fonts-liberation fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
