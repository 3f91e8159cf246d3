#!/usr/bin/env bash
# Customer list benchmark: 100,000 customers in one tenant, on SQLite and on MariaDB; prints the
# time of DataTables pages (first, deep, search, filters, sorts). Prints, never asserts.
# Usage: bash bench/customers/run.sh       (BENCH_TARGETS="sqlite mysql", BENCH_CUSTOMERS=100000,
#                                           BENCH_REPEAT=7, MYSQL_HOST/PORT/USER/PASSWORD)
# Throw-away storage only: tmp/bench/customers/ and MariaDB databases/users named rbcbench_*,
# dropped before and after the run (other benches' data are left alone).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/support/env.sh bench/customers/customers_bench.ts tmp/bench/customers rbcbench_ 3398

bench_targets "${BENCH_CUSTOMERS:-100000} customers"

echo
echo "# Customer list (DataTables) benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
bench_machine
echo "One DataTables request = what GET /customers/data runs (count of all, count of the filtered"
echo "rows when searching, one page of 25 rows) through DataTableService and CustomerService;"
echo "median and slowest of ${BENCH_REPEAT:-7} runs after one warm-up. \"load\" is the bulk insert of"
echo "the customers with their RADIUS rows (password, group), not the per-customer service path."
echo
echo "| target | request | matched | median ms | max ms |"
echo "|---|---|---|---|---|"
cat "$BENCH_RESULTS"
exit $status
