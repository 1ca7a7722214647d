#!/usr/bin/env bash
# Builds an rpm root with COUNT generated packages for the native rpmdb tests
# (src/inventory/rpmdb/rpm-oracle.int.test.ts) and the rpmdb bench (bench/rpmdb.ts).
#
#   rpmdb-root.sh ROOT COUNT [sqlite|bdb]
#
# Three rpmbuild runs of one spec each make COUNT noarch subpackages, with per-subpackage
# Epoch/Version/Release (dashes in names, ~ and ^ in versions, epochs): one run plain, two with
# `--define "modularitylabel …"` so a fifth of them carry a ModularityLabel. They are written
# into ROOT's database with `rpm --root ROOT -i --justdb` (sqlite, rpm 4.18's default); `bdb`
# then rewrites it as a Berkeley DB hash Packages file (sqlite-to-bdb.py, db5.3-util), which rpm
# reads with `--define '_db_backend bdb_ro'`. A root already built for the same COUNT and
# backend is kept.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
root="$1" count="$2" backend="${3:-sqlite}"
stamp="$root/.rpmdb-root-$count-$backend"
[ -f "$stamp" ] && exit 0
rpmroot_start "$root" "$backend"

spec() { # NAME FIRST LAST (subpackages FIRST..LAST)
  local f="$work/SPECS/$1.spec"
  printf 'Name: %s\nVersion: 1.0\nRelease: 1\nSummary: generated\nLicense: MIT\nBuildArch: noarch\n' "$1" >"$f"
  printf '%%description\ngenerated\n%%files\n' >>"$f"
  for ((i = $2; i <= $3; i++)); do
    local name="plx-pkg$i" version="1.$i.0" release="$((i % 9 + 1)).el9"
    ((i % 4 == 1)) && name="plx-lib-part-$i"
    ((i % 6 == 2)) && version="2.0~rc$i"
    ((i % 10 == 3)) && version="3.1^git$i"
    ((i % 8 == 5)) && release="0.$i.fc38"
    {
      printf '%%package -n %s\nSummary: generated %s\nVersion: %s\nRelease: %s\n' "$name" "$i" "$version" "$release"
      ((i % 7 == 0)) && printf 'Epoch: %s\n' "$((i % 3 + 1))"
      printf '%%description -n %s\ngenerated\n%%files -n %s\n' "$name" "$name"
    } >>"$f"
  done
  echo "$f"
}

fifth=$((count / 5))
rpmroot_build "$(spec plx-plain 1 $((count - 2 * fifth - 1)))"
rpmroot_build "$(spec plx-ruby $((count - 2 * fifth)) $((count - fifth - 1)))" --define 'modularitylabel ruby:2.7:8030020200921164007:229f0a1c'
rpmroot_build "$(spec plx-nodejs $((count - fifth)) "$count")" --define 'modularitylabel nodejs:18:9020020230801113022:rhel9'
# The three base packages bring COUNT + 3 in all.
rpmroot_install "$root" "$backend"
touch "$stamp"
