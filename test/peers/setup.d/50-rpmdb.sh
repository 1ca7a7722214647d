#!/usr/bin/env bash
# Native rpmdb oracle (src/inventory/rpmdb/rpm-oracle.int.test.ts, bench/rpmdb.ts): checks the
# tools are installed (packages.d/rpmdb.txt) and that rpm reads a Berkeley DB root made by
# rpmroot/rpmdb-root.sh; the tests build their own roots with the same script.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
for tool in rpm rpmbuild db5.3_load; do
  command -v "$tool" >/dev/null || { echo "$tool missing: run test/peers/install.sh" >&2; exit 1; }
done
root="${PATCHLINE_PEERS_DIR:?}/rpmdb/check-bdb"
bash "$here/rpmroot/rpmdb-root.sh" "$root" 5 bdb
n="$(rpm --root "$root" --dbpath /var/lib/rpm --define '_db_backend bdb_ro' -qa 2>/dev/null | wc -l)"
[ "$n" = 8 ] || { echo "rpm lists $n packages in $root, expected 8" >&2; exit 1; }
echo "rpmdb: rpm reads a generated Berkeley DB root ($n packages)"
