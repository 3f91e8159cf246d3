# shellcheck shell=bash
# The environment every bench/*/run.sh shares. Source it from the app root:
#
#   source bench/support/env.sh <bench script> <tmp folder> <prefix> <port>
#
# e.g. `source bench/support/env.sh bench/vouchers/voucher_bench.ts tmp/bench-vouchers rbvbench_ 3398`.
# It exports the app's settings pointed at that folder and at MariaDB `<prefix>*` only, and
# defines bench (the Node part), bench_targets (cleanup + one run per target) and bench_machine.
# The folder and the prefix must be the ones the bench's BenchStorage names (bench_storage.ts),
# or the bench refuses to run.
BENCH_SCRIPT="$1" BENCH_DIR="$2" BENCH_PREFIX="$3" BENCH_PORT="$4"
source scripts/node24.sh

export APP_KEY="${APP_KEY:-$(node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))")}"
export MYSQL_HOST="${MYSQL_HOST:-127.0.0.1}" MYSQL_PORT="${MYSQL_PORT:-3306}"
export MYSQL_USER="${MYSQL_USER:-root}" MYSQL_PASSWORD="${MYSQL_PASSWORD:-}"
# Every setting the app needs is given here (env beats .env), so a developer's .env cannot
# point the benchmark at real data.
export NODE_ENV=development LOG_LEVEL=warn PORT="$BENCH_PORT" HOST=127.0.0.1 APP_URL="http://localhost:$BENCH_PORT"
export APP_DOMAIN=localhost SESSION_DRIVER=memory QUEUE_DRIVER=sync LIMITER_STORE=memory MAIL_MAILER=log
export SQLITE_PATH="$BENCH_DIR/central.sqlite" TENANT_SQLITE_DIR="$BENCH_DIR/tenants"
export TENANT_DB_PREFIX="${BENCH_PREFIX}t_"
export TENANT_MYSQL_HOST="$MYSQL_HOST" TENANT_MYSQL_PORT="$MYSQL_PORT"
export TENANT_MYSQL_USER="$MYSQL_USER" TENANT_MYSQL_PASSWORD="$MYSQL_PASSWORD"
# The Node part appends its table rows here; the run prints them together at the end, after
# any app logs.
export BENCH_RESULTS; BENCH_RESULTS="$(mktemp)"

bench() { node --import @poppinss/ts-exec "$BENCH_SCRIPT" "$@"; }
cleanup() { bench cleanup; }
trap 'cleanup; rm -f "$BENCH_RESULTS"' EXIT

# One run per target in BENCH_TARGETS (default "sqlite mysql"), each on fresh storage; sets
# status=1 when a run fails, so the caller can still print what the others measured.
# Usage: bench_targets "<what is measured>"
bench_targets() {
  status=0
  local target
  for target in ${BENCH_TARGETS:-sqlite mysql}; do
    echo "--- $1 on $target ..."
    cleanup
    mkdir -p "$BENCH_DIR/tenants"
    case "$target" in
      sqlite) DB_CONNECTION=sqlite TENANCY_DRIVER=sqlite bench sqlite || status=1 ;;
      mysql) DB_CONNECTION=mysql MYSQL_DATABASE="${BENCH_PREFIX}central" TENANCY_DRIVER=mysql bench mariadb || status=1 ;;
      *) echo "unknown target $target" >&2; exit 2 ;;
    esac
  done
}

# The machine lines under each report's title.
bench_machine() {
  echo "CPUs (nproc): $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "Node $(node -v); MariaDB $(bench mariadb-version)${1:+; $1}"
  echo "Load average at the end (other work on the machine skews the figures):$(uptime | sed 's/.*load average://')"
}
