#!/usr/bin/env bash
# Resolves the blob host name of the Actions services stand-in to loopback, so that @actions/cache
# downloads through the Azure SDK as it does on GitHub. Safe to run again.
set -euo pipefail

name=actionsstandin.blob.core.windows.net
if ! getent ahostsv4 "$name" 2>/dev/null | grep -q '^127\.0\.0\.1 '; then
  printf '127.0.0.1 %s\n' "$name" >> /etc/hosts
  echo "[setup-hosts] $name now resolves to 127.0.0.1"
fi
