/*
 * MikroTik's Rate-Limit string, from the router's side (rx = client upload, tx = download):
 * `rx/tx [rx-burst/tx-burst [rx-threshold/tx-threshold [rx-time/tx-time [prio [rx-min/tx-min]]]]]`
 * e.g. `2M/10M 4M/20M 1500k/8M 16/16 8 1M/4M`.
 */
const RATE = String.raw`\d+(?:\.\d+)?[kKmMgG]?`
const RATES = `${RATE}(?:/${RATE})?`
const TIMES = String.raw`\d+s?(?:/\d+s?)?`
const RATE_LIMIT = new RegExp(
  String.raw`^${RATES}(?:\s+${RATES}(?:\s+${RATES}(?:\s+${TIMES}(?:\s+[1-8](?:\s+${RATES})?)?)?)?)?$`
)

/** Whether `value` is a Mikrotik-Rate-Limit RouterOS accepts. */
export function isRateLimit(value: string): boolean {
  return RATE_LIMIT.test(value.trim())
}
