import { DateTime } from 'luxon'

const rupiah = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 })

/** IDR the way Indonesians write it: `Rp 10.000` (no decimals; negative as `-Rp 5.000`). */
export function formatMoney(amount: number | string | null | undefined): string {
  const value = Math.round(Number(amount ?? 0))
  if (!Number.isFinite(value)) return '—'
  const text = `Rp ${rupiah.format(Math.abs(value))}`
  return value < 0 ? `-${text}` : text
}

/** A moment shown in the tenant's time zone (default Asia/Jakarta), in the page language. */
export function formatDateTime(
  value: DateTime | Date | string | null | undefined,
  timezone = 'Asia/Jakarta',
  locale = 'id'
): string {
  if (!value) return '—'
  const moment =
    value instanceof DateTime
      ? value
      : value instanceof Date
        ? DateTime.fromJSDate(value)
        : DateTime.fromISO(value)
  if (!moment.isValid) return '—'
  return moment.setZone(timezone).setLocale(locale).toFormat('d LLL yyyy HH:mm')
}
