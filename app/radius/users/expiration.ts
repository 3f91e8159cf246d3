/*
 * FreeRADIUS's Expiration value: written as "%b %d %Y %H:%M:%S" ("Jan 05 2027 14:00:00"), read
 * in the forms FreeRADIUS and the tools around it write ("Jan 5 2027", "05 Jan 2027 14:00").
 * The time is the tenant's local time, as FreeRADIUS reads it in its server's zone.
 */
import { DateTime } from 'luxon'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
// "Jan 05 2027[ 14:00[:00]]" or "05 Jan 2027[ 14:00[:00]]"
const MONTH_FIRST =
  /^([a-z]{3})[a-z]*\s+(\d{1,2}),?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/i
const DAY_FIRST = /^(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/i

/** The Expiration value for `moment` in `zone`. */
export function formatExpiration(moment: Date, zone: string): string {
  return DateTime.fromJSDate(moment, { zone }).setLocale('en-US').toFormat('LLL dd yyyy HH:mm:ss')
}

/** The instant an Expiration value denotes in `zone`, or null when it cannot be read. */
export function parseExpiration(value: string, zone: string): Date | null {
  const text = value.trim()
  const monthFirst = MONTH_FIRST.exec(text)
  const parts = monthFirst ?? DAY_FIRST.exec(text)
  if (!parts) return null
  const [month, day] = monthFirst ? [parts[1], parts[2]] : [parts[2], parts[1]]
  const moment = DateTime.fromObject(
    {
      year: Number(parts[3]),
      month: MONTHS.indexOf(month.toLowerCase()) + 1,
      day: Number(day),
      hour: Number(parts[4] ?? 0),
      minute: Number(parts[5] ?? 0),
      second: Number(parts[6] ?? 0),
    },
    { zone }
  )
  return moment.isValid ? moment.toJSDate() : null
}

/** "2026-11-20 14:00 (Asia/Jakarta)": how reasons and logs show an expiry to an operator. */
export function describeMoment(moment: Date, zone: string): string {
  return `${DateTime.fromJSDate(moment, { zone }).toFormat('yyyy-MM-dd HH:mm')} (${zone})`
}
