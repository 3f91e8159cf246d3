/**
 * A MAC in the form MikroTik sends in Calling-Station-Id (`AA:BB:CC:DD:EE:FF`), from any common
 * spelling (colons, dashes, Cisco dots, bare hex, any case); null when it is not a MAC.
 */
export function normalizeMac(value: string | null | undefined): string | null {
  if (!value) return null
  const hex = value.trim().replace(/[:\-.\s]/g, '')
  if (!/^[0-9a-f]{12}$/i.test(hex)) return null
  return hex.toUpperCase().match(/../g)!.join(':')
}

/**
 * Calling-Station-Id as stored and compared: the normalised MAC, or the trimmed value when it is
 * not a MAC (some NAS send an IP or a port name).
 */
export function stationId(value: string | null | undefined): string | null {
  if (!value) return null
  return normalizeMac(value) ?? value.trim()
}
