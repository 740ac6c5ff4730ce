#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests of the dashboard, only where it is missing.
# Playwright's own browser download needs a host this project cannot reach, so the tests drive
# the distribution's build instead (MEWS_SIM_CHROMIUM overrides the path).
set -euo pipefail
CHROMIUM="${MEWS_SIM_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
