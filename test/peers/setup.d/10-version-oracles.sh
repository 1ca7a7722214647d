#!/usr/bin/env bash
# Version oracles for the differential tests: Debian's apt_pkg (python3-apt) and librpm
# (python3-rpm), driven through test/peers/version-oracle.py. install.sh installs the packages;
# this checks that the imports work and that the oracle gives known answers. Fails loudly.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
py=/usr/bin/python3 # Debian's python: a pyenv python3 cannot import apt_pkg or rpm
"$py" -c 'import apt_pkg, rpm' || {
  echo "version oracles: $py cannot import apt_pkg and rpm (install python3-apt python3-rpm)" >&2
  exit 1
}
requests=$'hello\ndpkg\t1.0~rc1\t1.0\ndpkg\t1.0a\t1.0+\ndpkg\t1:0.9\t2.0\nrpm\t1.0~rc1-1\t1.0-1\nrpm\t1.0^git1\t1.0\nrpm\t1.0\t1.0-1\nrpm\t2:1\t10'
got="$(printf '%s\n' "$requests" | "$py" "$here/version-oracle.py" | tail -n +2 | tr '\n' ' ')"
want="-1 -1 1 -1 1 -1 1 "
if [ "$got" != "$want" ]; then
  echo "version oracles: self-test got [$got], want [$want]" >&2
  exit 1
fi
echo "version oracles ready: $(echo hello | "$py" "$here/version-oracle.py")"
