#!/usr/bin/env bash
# Builds Patchline's vCenter simulator (test/peers/vcsim/main.go) against Debian's govmomi
# 0.24.2 in GOPATH mode, offline. The binary is cached under $PATCHLINE_PEERS_DIR/bin and
# rebuilt only when main.go is newer. Tests start and stop their own instances.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
peers="${PATCHLINE_PEERS_DIR:-$here/../../.peers}"
bin="$peers/bin/vcsim"
mkdir -p "$peers/bin" "$peers/gocache"
if [ -x "$bin" ] && [ "$bin" -nt "$here/vcsim/main.go" ]; then
  echo "vcsim up to date: $bin"
  exit 0
fi
command -v go >/dev/null || { echo "go missing: run test/peers/install.sh" >&2; exit 1; }
[ -d /usr/share/gocode/src/github.com/vmware/govmomi/simulator ] ||
  { echo "govmomi missing: run test/peers/install.sh" >&2; exit 1; }
(cd "$here/vcsim" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$peers/gocache" go build -o "$bin.tmp" .)
mv "$bin.tmp" "$bin"
echo "built $bin"
