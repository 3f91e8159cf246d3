#!/usr/bin/env bash
# Tenant provisioning benchmark: 1 and 100 tenants, on SQLite and on MariaDB. Prints, never asserts.
# Usage: bash bench/tenancy/run.sh            (BENCH_TARGETS="sqlite mysql", BENCH_COUNT=100,
#                                              BENCH_CONCURRENCY=4, MYSQL_HOST/PORT/USER/PASSWORD)
# Throw-away storage only: tmp/bench/tenancy/ and MariaDB databases/users named rbtbench_*,
# dropped before and after the run, so dev (storage/, rb_*), test (tmp/test/, rbtest_*) and the
# other benchmarks' data (bench/radius uses rbbench_*) are safe.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/support/env.sh bench/tenancy/provision_bench.ts tmp/bench/tenancy rbtbench_ 3399

bench_targets provisioning

echo
echo "# Tenant provisioning benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
bench_machine
echo "Per tenant = reserve + provision (database, tenant migrations, roles, owner, domain, activate),"
echo "central database on the same engine. The owner's password is hashed once and the hash"
echo "reused: hashing is not measured. Latencies cover provisioned tenants; failures are counted."
echo
echo "| target | run | tenants | failed | total s | mean ms | p50 ms | p95 ms | RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|"
cat "$BENCH_RESULTS"
exit $status
