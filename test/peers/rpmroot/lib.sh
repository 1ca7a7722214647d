# Shared steps of the rpm root builders (rpmdb-root.sh, stream-root.sh); source it, then:
#   rpmroot_start ROOT BACKEND   checks the tools, empties ROOT, makes $work (removed on exit)
#   rpmroot_build SPEC [ARGS]    rpmbuild SPEC into $work, printing the log's tail on failure
#   rpmroot_install ROOT BACKEND writes $work's rpms into ROOT's database with --justdb, then
#                                for bdb rewrites it as a Berkeley DB Packages file
# Debian's rpm defaults _dbpath to ~/.rpmdb, so every call names the database.
rpmroot_lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

rpmroot_start() {
  for tool in rpm rpmbuild; do
    command -v "$tool" >/dev/null || { echo "$tool missing: run test/peers/install.sh" >&2; exit 1; }
  done
  [ "$2" = sqlite ] || command -v db5.3_load >/dev/null || { echo "db5.3_load missing: run test/peers/install.sh" >&2; exit 1; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  rm -rf "$1"
  mkdir -p "$1/var/lib/rpm" "$work/SPECS"
}

rpmroot_build() {
  rpmbuild --define "_topdir $work" --define "_dbpath $work/db" "${@:2}" -bb "$1" >"$work/build.log" 2>&1 ||
    { tail -20 "$work/build.log" >&2; exit 1; }
}

rpmroot_install() {
  rpm --root "$1" --dbpath /var/lib/rpm --initdb
  find "$work/RPMS" -name '*.rpm' -print0 | xargs -0 rpm --root "$1" --dbpath /var/lib/rpm -i --justdb --nodeps --noscripts \
    2> >(grep -v -e "use Alien instead" -e "assuming you know what" >&2 || true)
  if [ "$2" = bdb ]; then /usr/bin/python3 "$rpmroot_lib/sqlite-to-bdb.py" "$1" >/dev/null; fi
}
