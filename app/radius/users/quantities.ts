/*
 * Quantities as reject reasons and the auth log show them to an operator.
 */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

/** 1073741824 → "1.00 GiB". */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(2)} ${BYTE_UNITS[unit]}`
}

/** 93784 → "1d 2h 3m 4s" (zero parts left out; 0 → "0s"). */
export function formatDuration(seconds: number): string {
  const parts: string[] = []
  let rest = Math.max(0, Math.floor(seconds))
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`)
      rest %= size
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`)
  return parts.join(' ')
}
