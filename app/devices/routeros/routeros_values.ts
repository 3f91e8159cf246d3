/*
 * RouterOS value formats (EXTERNAL-APIS.md §4.7): durations like `1w2d3h4m5s`, rates like `2M`,
 * and the hotspot/PPP `rate-limit` string. Pure functions.
 */
import type { RateLimit } from '#plugins/contracts/device_driver'

const UNITS: [string, number][] = [
  ['w', 604_800],
  ['d', 86_400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
]

/** Seconds of a RouterOS duration (`1w2d3h4m5s`, `00:12:03`, `12m3s`); 0 when unreadable. */
export function parseDuration(text: string | undefined): number {
  if (!text) return 0
  const clock = /^(?:(\d+)d)?\s*(\d+):(\d{2}):(\d{2})$/.exec(text)
  if (clock) {
    const [, days = '0', hours, minutes, seconds] = clock
    return Number(days) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)
  }
  let total = 0
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|[wdhms])/g)) {
    const seconds = UNITS.find(([name]) => name === unit)?.[1]
    if (seconds) total += Number(amount) * seconds
  }
  return total
}

/** A duration as RouterOS writes it (`1h30m`); `0s` for nothing. */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.max(0, Math.round(totalSeconds))
  let text = ''
  for (const [unit, seconds] of UNITS) {
    const amount = Math.floor(rest / seconds)
    if (amount > 0) text += `${amount}${unit}`
    rest -= amount * seconds
  }
  return text || '0s'
}

/** A rate in bits per second, with RouterOS's `k`/`M`/`G` suffix when it divides evenly. */
export function formatRate(bitsPerSecond: number): string {
  const rate = Math.max(0, Math.round(bitsPerSecond))
  for (const [suffix, factor] of [
    ['G', 1e9],
    ['M', 1e6],
    ['k', 1e3],
  ] as const) {
    if (rate >= factor && rate % factor === 0) return `${rate / factor}${suffix}`
  }
  return String(rate)
}

/**
 * The `rate-limit` of a hotspot user profile or PPP profile:
 * `rx/tx [burst-rx/burst-tx threshold-rx/threshold-tx time-rx/time-tx [priority]]`, where rx is
 * what the router receives from the customer (upload). Empty for no limit.
 */
export function formatRateLimit(limit: RateLimit | null): string {
  if (!limit) return ''
  const pair = (upload: number, download: number) => `${formatRate(upload)}/${formatRate(download)}`
  const parts = [pair(limit.uploadBps, limit.downloadBps)]
  const burst = limit.burst
  if (burst) {
    parts.push(
      pair(burst.uploadBps, burst.downloadBps),
      pair(burst.thresholdUploadBps, burst.thresholdDownloadBps),
      `${burst.timeSeconds}/${burst.timeSeconds}`
    )
  } else if (limit.priority) {
    // Priority is positional: it needs the burst fields before it, zero meaning "no burst".
    parts.push('0/0', '0/0', '0/0')
  }
  if (limit.priority) parts.push(String(limit.priority))
  return parts.join(' ')
}
