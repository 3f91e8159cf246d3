#!/usr/bin/env bash
# Voucher benchmark: 10,000 and 100,000 vouchers (with their RADIUS rows) on SQLite and on
# MariaDB, the time until the last one is accepted by the real RADIUS server (radclient), and a
# streamed PDF / .xlsx of the 100,000. Prints, never asserts.
# Usage: bash bench/vouchers/run.sh     (BENCH_TARGETS="sqlite mysql", BENCH_SIZES="10000 100000",
#                                        BENCH_FILES=off skips PDF/xlsx, MYSQL_HOST/PORT/USER/PASSWORD)
# Throw-away storage only: tmp/bench-vouchers/ and MariaDB databases/users named rbvbench_*,
# dropped before and after the run, so dev (storage/, rb_*) and test (tmp/test/, rbtest_*) data
# and the other benchmarks' are safe.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v radclient >/dev/null || { echo "radclient is missing: apt-get install -y freeradius-utils" >&2; exit 2; }
source bench/support/env.sh bench/vouchers/voucher_bench.ts tmp/bench-vouchers rbvbench_ 3398

bench_targets vouchers

echo
echo "# Voucher benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
bench_machine "$(radclient -v 2>&1 | head -1)"
echo "generate = VoucherBatchService.generate (the job's work): codes, vouchers rows, radcheck and"
echo "radusergroup rows, in chunks of 5,000 per transaction. last accepted = from the start of the"
echo "generation until the RADIUS server (started in the same process, production AAA, profile"
echo "cache on) answers Access-Accept to radclient for the batch's last voucher; auth = that one"
echo "radclient exchange alone. PDF / xlsx = the whole batch streamed to a sink (QR cards / rows)."
echo
echo "| target | vouchers | generate s | vouchers/s | last accepted s | auth ms | PDF s | xlsx s | RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|"
cat "$BENCH_RESULTS"
exit $status
