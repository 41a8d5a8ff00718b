#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the project needs, only those missing.
# Usage: scripts/system-deps.sh [--with-browser]
set -euo pipefail

packages=(postgresql postgresql-contrib postgresql-postgis gdal-bin binutils)
if [[ "${1:-}" == "--with-browser" ]]; then
    packages+=(chromium fonts-dejavu-core)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "==> Installing system packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
# The Debian package starts a system-wide cluster we do not use: the project runs its own under var/.
