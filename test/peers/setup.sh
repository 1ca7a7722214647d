#!/usr/bin/env bash
# Starts the real peers the integration suite talks to. Each peer has one script in setup.d/,
# run in name order; each is idempotent and leaves its state under $PATCHLINE_PEERS_DIR.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export PATCHLINE_PEERS_DIR="${PATCHLINE_PEERS_DIR:-$here/../../.peers}"
mkdir -p "$PATCHLINE_PEERS_DIR"
bash "$here/install.sh"
for s in "$here"/setup.d/*.sh; do
  [ -e "$s" ] || continue
  echo "peer: $(basename "$s")"
  bash "$s"
done
