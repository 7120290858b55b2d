#!/usr/bin/env bash
# The browser test's needs: Debian's chromium package (apt-get, as root or through sudo) when
# /usr/bin/chromium is missing. Playwright for Python comes with scripts/python-requirements.txt
# and drives that binary (`executable_path`); `playwright install` is never run, so nothing is
# downloaded outside the package managers. ATMOKIT_SKIP_BROWSER=1 skips all of it.
set -euo pipefail
if [ "${ATMOKIT_SKIP_BROWSER:-0}" = 1 ]; then exit 0; fi
if ! [ -x /usr/bin/chromium ]; then
  echo "browser-env: installing chromium" >&2
  SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
