#!/usr/bin/env bash
# RADIUS benchmark: our server vs FreeRADIUS 3 + rlm_sql on the same MariaDB data, side by side.
# Prints figures, never asserts. See bench/radius/README.md.
#
#   bash bench/radius/run.sh
#
# Settings (environment): BENCH_USERS=100000 BENCH_TENANTS=10, BENCH_SERVERS="ours ours-nocache
# fr-stock fr-lean" (fr-* run only when FreeRADIUS is installed), BENCH_OURS_CMD=build|source
# (build: compiled JS, as deployed; source: through ts-exec), BENCH_OURS_NODE_OPTIONS (V8 heap
# flags for our server), RADIUS_WORKERS=1, BENCH_KEEP=1 (keep the data; reuse it with
# BENCH_SKIP_LOAD=1; BENCH_SKIP_BUILD=1 reuses the last build), MYSQL_*. Sizes of each step: see the top of bench/radius/bench.ts.
# Only loopback traffic; data only in MariaDB rbbench_* databases and tmp/bench/radius, dropped
# before and after (dev rb_* and test rbtest_* data are never touched).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/node24.sh

# NAS secrets are stored encrypted with APP_KEY: data kept for BENCH_SKIP_LOAD needs the same key.
key_file=tmp/bench/radius/app-key
if [ -z "${APP_KEY:-}" ] && [ -n "${BENCH_SKIP_LOAD:-}" ] && [ -f "$key_file" ]; then
  APP_KEY="$(cat "$key_file")"
fi
export APP_KEY="${APP_KEY:-$(node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))")}"
export MYSQL_HOST="${MYSQL_HOST:-127.0.0.1}" MYSQL_PORT="${MYSQL_PORT:-3306}"
export MYSQL_USER="${MYSQL_USER:-root}" MYSQL_PASSWORD="${MYSQL_PASSWORD:-}"
# BENCH_MYSQL_SOCKET=/run/mysqld/mysqld.sock: both servers reach MariaDB over its Unix socket.
export MYSQL_SOCKET="${BENCH_MYSQL_SOCKET:-}" TENANT_MYSQL_SOCKET="${BENCH_MYSQL_SOCKET:-}"
# Every setting the app needs is given here (the environment beats .env), so a developer's .env
# cannot point the benchmark at real data.
export NODE_ENV=production LOG_LEVEL=info PORT=3398 HOST=127.0.0.1 APP_URL=http://localhost:3398
export APP_DOMAIN=localhost SESSION_DRIVER=memory QUEUE_DRIVER=sync LIMITER_STORE=memory MAIL_MAILER=log
export DB_CONNECTION=mysql MYSQL_DATABASE=rbbench_central TENANCY_DRIVER=mysql TENANT_DB_PREFIX=rbbench_t_
export SQLITE_PATH=tmp/bench/radius/unused.sqlite TENANT_SQLITE_DIR=tmp/bench/radius/unused
export TENANT_MYSQL_HOST="$MYSQL_HOST" TENANT_MYSQL_PORT="$MYSQL_PORT"
export TENANT_MYSQL_USER="$MYSQL_USER" TENANT_MYSQL_PASSWORD="$MYSQL_PASSWORD"
export RADIUS_BIND=127.0.0.1 RADIUS_AUTH_PORT="${RADIUS_AUTH_PORT:-18112}" RADIUS_ACCT_PORT="${RADIUS_ACCT_PORT:-18113}"
export RADIUS_WORKERS="${RADIUS_WORKERS:-1}"

setup() { node --import @poppinss/ts-exec bench/radius/setup.ts "$@"; }
cleanup() { [ -n "${BENCH_KEEP:-}" ] || setup cleanup; }
trap cleanup EXIT

if [ -z "${BENCH_SKIP_LOAD:-}" ]; then
  echo "--- loading ${BENCH_USERS:-100000} users into ${BENCH_TENANTS:-10} tenants ..."
  # The loader boots the app in development mode (migrations); the server runs as production.
  NODE_ENV=development LOG_LEVEL=warn setup load
  (umask 077 && echo "$APP_KEY" > "$key_file")
fi
export BENCH_OURS_CMD="${BENCH_OURS_CMD:-build}"
# A 4 MB young generation and a capped old one: the default (16 MB semi-spaces, old space
# sized from the machine's RAM) lets an idle-looking heap grow past 500 MB RSS under load.
export BENCH_OURS_NODE_OPTIONS="${BENCH_OURS_NODE_OPTIONS---max-semi-space-size=4 --max-old-space-size=160}"
[ "$BENCH_OURS_CMD" = source ] || [ -n "${BENCH_SKIP_BUILD:-}" ] || bash bench/radius/build.sh
export BENCH_MARIADB_VERSION; BENCH_MARIADB_VERSION="$(setup mariadb-version)"
node --import @poppinss/ts-exec bench/radius/bench.ts
