#!/usr/bin/env bash
# Compiles the application to JavaScript in tmp/bench/radius/build, as `node ace build` would for
# the server (no frontend assets, no writes outside tmp/), so the benchmark can run
# `node bin/console.js radius:serve` without the TypeScript loader: ts-exec transpiles in a
# worker thread of its own that holds ~90 MB, which a production deployment does not have.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/node24.sh

out=tmp/bench/radius/build
rm -rf "$out"
# Other engineers' files in progress may not type-check: emit anyway (tsc emits despite errors).
npx tsc -p tsconfig.json --outDir "$out" --sourceMap false > "$out.tsc.log" 2>&1 || true
[ -f "$out/bin/console.js" ] || { cat "$out.tsc.log"; echo "tsc emitted nothing" >&2; exit 1; }
cp package.json theme.json "$out/"
cp -r resources "$out/"
# Non-TypeScript files the code reads at run time.
cp app/radius/dictionaries/dictionary.* "$out/app/radius/dictionaries/"
find plugins -name package.json -exec cp --parents {} "$out/" \;
ln -sfn "$PWD/node_modules" "$out/node_modules"
echo "built into $out"
