#!/usr/bin/env bash
# Tenant provisioning benchmark: 1 and 100 tenants, on SQLite and on MariaDB. Prints, never asserts.
# Usage: bash bench/tenancy/run.sh            (BENCH_TARGETS="sqlite mysql", BENCH_COUNT=100,
#                                              BENCH_CONCURRENCY=4, MYSQL_HOST/PORT/USER/PASSWORD)
# Throw-away storage only: tmp/bench/ and MariaDB databases/users named rbbench_*, dropped
# before and after the run, so dev (storage/, rb_*) and test (tmp/test/, rbtest_*) data are safe.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/node24.sh

export APP_KEY="${APP_KEY:-$(node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))")}"
export MYSQL_HOST="${MYSQL_HOST:-127.0.0.1}" MYSQL_PORT="${MYSQL_PORT:-3306}"
export MYSQL_USER="${MYSQL_USER:-root}" MYSQL_PASSWORD="${MYSQL_PASSWORD:-}"
# Every setting the app needs is given here (env beats .env), so a developer's .env cannot
# point the benchmark at real data.
export NODE_ENV=development LOG_LEVEL=warn PORT=3399 HOST=127.0.0.1 APP_URL=http://localhost:3399
export APP_DOMAIN=localhost SESSION_DRIVER=memory QUEUE_DRIVER=sync LIMITER_STORE=memory MAIL_MAILER=log
export SQLITE_PATH=tmp/bench/central.sqlite TENANT_SQLITE_DIR=tmp/bench/tenants TENANT_DB_PREFIX=rbbench_t_
export TENANT_MYSQL_HOST="$MYSQL_HOST" TENANT_MYSQL_PORT="$MYSQL_PORT"
export TENANT_MYSQL_USER="$MYSQL_USER" TENANT_MYSQL_PASSWORD="$MYSQL_PASSWORD"
export BENCH_RESULTS; BENCH_RESULTS="$(mktemp)"

bench() { node --import @poppinss/ts-exec bench/tenancy/provision_bench.ts "$@"; }
cleanup() { bench cleanup; }
trap 'cleanup; rm -f "$BENCH_RESULTS"' EXIT

status=0
for target in ${BENCH_TARGETS:-sqlite mysql}; do
  echo "--- provisioning on $target ..."
  cleanup
  mkdir -p tmp/bench/tenants
  case "$target" in
    sqlite) DB_CONNECTION=sqlite TENANCY_DRIVER=sqlite bench sqlite || status=1 ;;
    mysql) DB_CONNECTION=mysql MYSQL_DATABASE=rbbench_central TENANCY_DRIVER=mysql bench mariadb || status=1 ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
  esac
done

echo
echo "# Tenant provisioning benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "CPUs (nproc): $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "Node $(node -v); MariaDB $(bench mariadb-version)"
echo "Per tenant = reserve + provision (database, tenant migrations, roles, owner, domain, activate),"
echo "central database on the same engine. The owner's password is hashed once and the hash"
echo "reused: hashing is not measured. Latencies cover provisioned tenants; failures are counted."
echo
echo "| target | run | tenants | failed | total s | mean ms | p50 ms | p95 ms | RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|"
cat "$BENCH_RESULTS"
exit $status
