#!/usr/bin/env bash
# Builds real rpm roots for the OpenSCAP oracle test (test/integration/oracle-oscap.test.ts).
#
#   build.sh            every host in hosts/*.txt → $PATCHLINE_PEERS_DIR/rpmroot/hosts/<name>
#
# Each hosts/<name>.txt lists `NAME EPOCH|- VERSION RELEASE`. Every line becomes a tiny noarch rpm
# built with rpmbuild (cached), installed with `rpm --root` into the host's own rpmdb. Files
# are per version, so two versions of one name can be installed side by side (like kernels).
# Debian rpm traps handled (FINDINGS §3, §5): its _dbpath macro is %(bash -c 'echo ~/.rpmdb'),
# so rpmbuild always gets --define _dbpath and each root gets a bash stand-in (busybox sh) plus
# root/.rpmdb -> ../var/lib/rpm, because oscap's rpminfo probe expands the macro inside the root.
# A root is rebuilt when its list is newer than it. Prints one `name<TAB>root` line per host.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peers="${PATCHLINE_PEERS_DIR:-$here/../../../.peers}"
mkdir -p "$peers" && peers="$(cd "$peers" && pwd)"
top="$peers/rpmroot/build"
hosts="$peers/rpmroot/hosts"
mkdir -p "$top/SPECS" "$top/db" "$hosts"
for tool in rpm rpmbuild busybox; do
  command -v "$tool" >/dev/null || { echo "$tool missing: run test/peers/install.sh" >&2; exit 1; }
done

rpm_file() { echo "$top/RPMS/noarch/$1-$3-$4.noarch.rpm"; }

build_rpm() { # NAME EPOCH VERSION RELEASE
  local n="$1" e="$2" v="$3" r="$4" spec="$top/SPECS/$1-$3-$4.spec"
  [ -f "$(rpm_file "$@")" ] && return 0
  {
    echo "Name: $n"
    [ "$e" = - ] || echo "Epoch: $e"
    echo "Version: $v"
    echo "Release: $r"
    echo "Summary: stand-in for $n (Patchline oracle tests)"
    echo "License: MIT"
    echo "BuildArch: noarch"
    echo "AutoReqProv: no"
    printf '%%description\nstand-in package\n'
    printf '%%install\nmkdir -p %%{buildroot}/usr/share/patchline-fake\n'
    echo "echo '$n $e:$v-$r' > %{buildroot}/usr/share/patchline-fake/$n-$v-$r"
    printf '%%files\n/usr/share/patchline-fake/%s-%s-%s\n' "$n" "$v" "$r"
  } >"$spec"
  rpmbuild --define "_topdir $top" --define "_dbpath $top/db" -bb "$spec" >"$top/build.log" 2>&1 ||
    { tail -20 "$top/build.log" >&2; exit 1; }
}

rpm_root() { rpm --root "$1" --dbpath /var/lib/rpm "${@:2}" 2> >(grep -v -e "use Alien instead" -e "assuming you know what" >&2 || true); }

make_root() { # NAME LIST
  local name="$1" list="$2" root="$hosts/$1"
  if [ -f "$root/.complete" ] && [ "$root/.complete" -nt "$list" ]; then return 0; fi
  rm -rf "$root"
  mkdir -p "$root/bin" "$root/dev" "$root/tmp" "$root/var/lib/rpm" "$root/root" "$root/etc"
  cp "$(command -v busybox)" "$root/bin/busybox"
  ln -sf busybox "$root/bin/sh"
  printf '#!/bin/sh\nexec /bin/sh "$@"\n' >"$root/bin/bash"
  chmod 755 "$root/bin/bash"
  [ -e "$root/dev/null" ] || mknod -m 666 "$root/dev/null" c 1 3
  ln -sfn ../var/lib/rpm "$root/root/.rpmdb"
  echo "$name" >"$root/etc/hostname"
  rpm_root "$root" --initdb
  local files=()
  while read -r n e v r; do
    [[ -z "${n:-}" || "$n" == \#* ]] && continue
    build_rpm "$n" "$e" "$v" "$r"
    files+=("$(rpm_file "$n" "$e" "$v" "$r")")
  done <"$list"
  rpm_root "$root" -i --nodeps --noscripts "${files[@]}"
  touch "$root/.complete"
}

for list in "$here"/hosts/*.txt; do
  name="$(basename "$list" .txt)"
  make_root "$name" "$list"
  printf '%s\t%s\n' "$name" "$hosts/$name"
done
