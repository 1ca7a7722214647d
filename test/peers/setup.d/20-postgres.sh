#!/usr/bin/env bash
# PostgreSQL for the store's integration suite: makes sure the packaged cluster answers on
# 127.0.0.1:5432 (starting it if it is down) and that database `test` exists. Idempotent.
# The suite connects as PATCHLINE_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test)
# with trust auth on 127.0.0.1, and creates and drops its own schemas inside `test`.
set -euo pipefail
host=127.0.0.1
port=5432
user=postgres
answers() { pg_isready -q -h "$host" -p "$port" -t 2; }

if ! command -v pg_ctlcluster >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
if ! answers; then
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  echo "starting PostgreSQL $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do answers && break; sleep 0.5; done
  answers || { echo "PostgreSQL does not answer on $host:$port" >&2; exit 1; }
fi
# The packaged pg_hba asks for passwords on 127.0.0.1; tests log in without one.
if ! psql -h "$host" -p "$port" -U "$user" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  echo "enabling trust auth for $host in $hba"
  sed -i -E "s#^(host\s+all\s+all\s+127\.0\.0\.1/32\s+)\S+#\1trust#; s#^(local\s+all\s+all\s+)\S+#\1trust#" "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload
fi
if [ "$(psql -h "$host" -p "$port" -U "$user" -d postgres -Atqc "select 1 from pg_database where datname = 'test'")" != 1 ]; then
  psql -h "$host" -p "$port" -U "$user" -d postgres -qc 'create database test'
fi
echo "PostgreSQL ready: postgres://$user@$host:$port/test"
