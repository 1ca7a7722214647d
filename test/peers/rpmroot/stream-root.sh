#!/usr/bin/env bash
# Builds a small RHEL-like root whose packages come from one module stream, for the end-to-end
# module-stream test (test/integration/module-stream-roots.test.ts).
#
#   stream-root.sh ROOT sqlite|bdb LABEL|- OS_RELEASE_FILE NAME-VERSION-RELEASE [SUBPACKAGE...]
#
# One rpmbuild run of one spec makes NAME and its subpackages (`ruby-libs`), empty x86_64 rpms
# from one source rpm as a distribution builds them; LABEL (`ruby:2.7:8030020200921164007:
# 229f0a1c`) goes into every package's ModularityLabel header through the `modularitylabel`
# macro, `-` builds them without one. They are written to ROOT's database with `rpm --root ROOT
# -i --justdb` (sqlite); `bdb` then rewrites it as a Berkeley DB hash Packages file with
# sqlite-to-bdb.py, as RHEL 8 keeps it. OS_RELEASE_FILE is copied to ROOT/etc/os-release.
# Debian's rpm defaults _dbpath to ~/.rpmdb, so every call names the database.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
root="$1" backend="$2" label="$3" osrelease="$4"
shift 4
rpmroot_start "$root" "$backend"
mkdir -p "$root/etc"
cp "$osrelease" "$root/etc/os-release"

defines=()
[ "$label" = - ] || defines=(--define "modularitylabel $label")
nvr="$1"
shift
release="${nvr##*-}" rest="${nvr%-*}"
version="${rest##*-}" name="${rest%-*}"
spec="$work/SPECS/$name.spec"
printf 'Name: %s\nVersion: %s\nRelease: %s\nSummary: stand-in\nLicense: MIT\nBuildArch: x86_64\nAutoReqProv: no\n' \
  "$name" "$version" "$release" >"$spec"
printf '%%description\nstand-in package\n%%files\n' >>"$spec"
for sub in "$@"; do
  printf '%%package -n %s\nSummary: stand-in\n%%description -n %s\nstand-in\n%%files -n %s\n' "$sub" "$sub" "$sub" >>"$spec"
done
rpmroot_build "$spec" "${defines[@]}"
rpmroot_install "$root" "$backend"
