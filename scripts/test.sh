#!/usr/bin/env bash
# Runs every test suite: once on the embedded default (SQLite), once on MariaDB (central database,
# `mysql` tenancy driver), once with the `cpanel` driver against the fake UAPI server backed by
# MariaDB. Usage: npm test [-- <japa args>]   (RB_TEST_TARGETS="sqlite mysql cpanel" to pick)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh

[ -d node_modules ] || npm ci --no-audit --no-fund
export APP_KEY="${APP_KEY:-$(node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))")}"

targets="${RB_TEST_TARGETS:-sqlite mysql cpanel}"
# Test databases on MariaDB are named from this prefix (and dropped before each run).
export RB_TEST_DB_PREFIX="${RB_TEST_DB_PREFIX:-rbtest_}"
mysql_env=(DB_CONNECTION=mysql MYSQL_DATABASE="${RB_TEST_DB_PREFIX}central" TENANT_DB_PREFIX="${RB_TEST_DB_PREFIX}t_")
status=0
for target in $targets; do
  echo "=== tests on: $target ==="
  case "$target" in
    sqlite) env DB_CONNECTION=sqlite TENANCY_DRIVER=sqlite node ace test "$@" || status=1 ;;
    mysql)  env "${mysql_env[@]}" TENANCY_DRIVER=mysql \
              MYSQL_USER="${MYSQL_USER:-root}" MYSQL_PASSWORD="${MYSQL_PASSWORD:-}" node ace test "$@" || status=1 ;;
    cpanel) env "${mysql_env[@]}" TENANCY_DRIVER=cpanel \
              MYSQL_USER="${MYSQL_USER:-root}" MYSQL_PASSWORD="${MYSQL_PASSWORD:-}" node ace test "$@" || status=1 ;;
    *) echo "unknown target $target"; exit 2 ;;
  esac
done
exit $status
