#!/usr/bin/env bash
# Install what atmokit needs on a fresh Debian machine, only when missing:
# libnetcdf-dev (pulls libhdf5) and pkg-config. Run as root (or with sudo available).
set -euo pipefail
need=()
dpkg -s libnetcdf-dev >/dev/null 2>&1 || need+=(libnetcdf-dev)
dpkg -s pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if ((${#need[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found; install Rust (rustup) first" >&2
  exit 1
fi
