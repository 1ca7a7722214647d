#!/usr/bin/env bash
# Installs the Debian packages the integration suite's real peers need. Idempotent.
set -euo pipefail
pkgs=(
  python3-apt rpm python3-rpm         # version oracles (apt_pkg, librpm)
  golang-go golang-github-vmware-govmomi-dev  # vcsim, built from Debian's govmomi
  bzip2 xz-utils                      # .bz2/.xz vendor feeds (src/advisories/compression.ts)
)
# Each peer may add packages by dropping a file with one package per line.
for f in "$(dirname "$0")"/packages.d/*.txt; do
  [ -e "$f" ] || continue
  while read -r p _; do
    [[ -z "$p" || "$p" == \#* ]] && continue
    pkgs+=("$p")
  done <"$f"
done
missing=()
for p in "${pkgs[@]}"; do
  [[ "$p" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # A mirror hiccup should not fail CI: try the whole step up to three times.
  for attempt in 1 2 3; do
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
      break
    fi
    [ "$attempt" = 3 ] && { echo "apt-get failed three times" >&2; exit 1; }
    sleep $((attempt * 10))
  done
fi
echo "system packages ready"
