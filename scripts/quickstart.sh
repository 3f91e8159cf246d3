#!/usr/bin/env bash
# One command for a laptop: installs what is missing, prepares .env and the embedded databases
# (SQLite, database queue), builds the assets, seeds a demo platform admin and demo tenant (their
# passwords are printed), then runs the web server, the job worker and the RADIUS server
# (UDP 1812/1813, RADIUS_* in .env) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh

[ -d node_modules ] || npm ci --no-audit --no-fund
if [ ! -f .env ]; then
  cp .env.example .env
  key=$(node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))")
  sed -i "s/^APP_KEY=.*/APP_KEY=${key}/" .env
  echo "Created .env with a fresh APP_KEY"
fi
mkdir -p storage
[ -f public/assets/.vite/manifest.json ] || npx vite build --logLevel warn
node ace migration:run --force
node ace demo:seed

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
# `routers` carries RouterOS API calls (one at a time per router, see RouterCallService).
node ace queue:work --queue=default,routers &
pids+=($!)
# One malloc arena: ~20 MB less RSS for the RADIUS server (bench/radius/README.md).
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}" node ace radius:serve &
pids+=($!)
node --import @poppinss/ts-exec bin/server.ts &
pids+=($!)
echo "Radius Billing is running (Ctrl-C to stop)."
wait -n "${pids[@]}"
