/*
 * A package as RADIUS rows: what the group `pkg-<id>` holds in radgroupcheck / radgroupreply,
 * and what each user of it holds on their own (validity and MAC binding are per user by the
 * conventions of app/radius/users/attribute_names.ts). Pure: no database, no clock.
 */
import { DateTime } from 'luxon'
import { PackageKind } from '#enums/package_kind'
import type Package from '#models/tenant/package'
import { Check, Reply } from '#radius/users/attribute_names'
import type { AttributeRow } from '#radius/users/auth_profile'
import type { RadiusUserSettings } from '#services/radius_user_service'

/** The package fields the RADIUS rows depend on. */
export type PackageProfile = Pick<
  Package,
  | 'kind'
  | 'rateUpKbps'
  | 'rateDownKbps'
  | 'burstUpKbps'
  | 'burstDownKbps'
  | 'burstThresholdUpKbps'
  | 'burstThresholdDownKbps'
  | 'burstTimeSeconds'
  | 'priority'
  | 'validityUnit'
  | 'validityValue'
  | 'periodDay'
  | 'validityStart'
  | 'timeQuotaSeconds'
  | 'dataQuotaBytes'
  | 'sharedUsers'
  | 'fupThresholdBytes'
  | 'fupRateUpKbps'
  | 'fupRateDownKbps'
  | 'ipPool'
  | 'idleTimeoutSeconds'
  | 'interimIntervalSeconds'
  | 'macBinding'
>

/** The restricted profile isolated (isolir) users get: the tenant's `isolir` group. */
export interface IsolirProfile {
  addressList: string | null
  pool: string | null
  rateUpKbps: number | null
  rateDownKbps: number | null
}

/** Rows of one RADIUS group. */
export interface GroupRows {
  check: AttributeRow[]
  reply: AttributeRow[]
}

const SECONDS = { minutes: 60, hours: 3600, days: 86400 } as const
// A month counted from the first login has no calendar to follow: 30 days.
const MONTH_SECONDS = 30 * 86400

/** A rate as RouterOS writes it (SI prefixes, as RouterOS reads them): 10000 → "10M". */
export function formatRate(kbps: number): string {
  if (kbps > 0 && kbps % 1000 === 0) return `${kbps / 1000}M`
  return `${kbps}k`
}

const pair = (up: number | null, down: number | null) =>
  `${formatRate(up ?? 0)}/${formatRate(down ?? 0)}`

/**
 * Mikrotik-Rate-Limit from the router's side (rx = upload, tx = download):
 * `rx/tx [burst-rx/burst-tx threshold-rx/threshold-tx time/time [priority]]` (RADIUS.md).
 * A priority without burst needs zero placeholders: RouterOS reads the fields by position.
 */
export function rateLimitOf(profile: PackageProfile): string {
  const parts = [pair(profile.rateUpKbps, profile.rateDownKbps)]
  const burst = profile.burstUpKbps !== null || profile.burstDownKbps !== null
  if (burst || profile.priority !== null) {
    const time = profile.burstTimeSeconds ?? 0
    parts.push(
      burst ? pair(profile.burstUpKbps, profile.burstDownKbps) : '0/0',
      burst ? pair(profile.burstThresholdUpKbps, profile.burstThresholdDownKbps) : '0/0',
      `${time}/${time}`
    )
    if (profile.priority !== null) parts.push(String(profile.priority))
  }
  return parts.join(' ')
}

/** The FUP Mikrotik-Rate-Limit, or null without FUP. */
export function fupRateLimitOf(profile: PackageProfile): string | null {
  if (profile.fupThresholdBytes === null) return null
  return pair(profile.fupRateUpKbps, profile.fupRateDownKbps)
}

const row = (attribute: string, op: string, value: string | number): AttributeRow => ({
  attribute,
  op,
  value: String(value),
})

/** The package's group rows: limits in radgroupcheck, what the NAS gets in radgroupreply. */
export function groupRowsOf(profile: PackageProfile): GroupRows {
  const check: AttributeRow[] = [row(Check.SimultaneousUse, ':=', profile.sharedUsers)]
  if (profile.kind === PackageKind.Hotspot || profile.kind === PackageKind.Pppoe) {
    check.push(row(Check.AllowedService, ':=', profile.kind))
  }
  if (profile.timeQuotaSeconds !== null) {
    check.push(row(Check.TimeQuota, ':=', profile.timeQuotaSeconds))
  }
  if (profile.dataQuotaBytes !== null) {
    check.push(row(Check.DataQuota, ':=', profile.dataQuotaBytes))
  }
  const fup = fupRateLimitOf(profile)
  if (fup !== null) {
    check.push(row(Check.FupThreshold, ':=', profile.fupThresholdBytes!))
    check.push(row(Check.FupRateLimit, ':=', fup))
  }

  const reply: AttributeRow[] = [row(Reply.RateLimit, '=', rateLimitOf(profile))]
  // Hotspot shared users are enforced by the router itself through Port-Limit (RADIUS.md).
  if (profile.kind === PackageKind.Hotspot || profile.kind === PackageKind.Hybrid) {
    reply.push(row('Port-Limit', '=', profile.sharedUsers))
  }
  if (profile.ipPool) reply.push(row(Reply.FramedPool, '=', profile.ipPool))
  if (profile.idleTimeoutSeconds !== null) {
    reply.push(row(Reply.IdleTimeout, '=', profile.idleTimeoutSeconds))
  }
  if (profile.interimIntervalSeconds !== null) {
    reply.push(row(Reply.InterimInterval, '=', profile.interimIntervalSeconds))
  }
  return { check, reply }
}

/** The `isolir` group's rows (reply only: the server sends nothing else to isolated users). */
export function isolirRowsOf(profile: IsolirProfile): GroupRows {
  const reply: AttributeRow[] = []
  if (profile.rateUpKbps !== null || profile.rateDownKbps !== null) {
    reply.push(row(Reply.RateLimit, '=', pair(profile.rateUpKbps, profile.rateDownKbps)))
  }
  if (profile.pool) reply.push(row(Reply.FramedPool, '=', profile.pool))
  if (profile.addressList) reply.push(row(Reply.AddressList, '=', profile.addressList))
  return { check: [], reply }
}

/** Validity in seconds when counted from the first login (months as 30 days); null for period. */
export function validitySeconds(profile: PackageProfile): number | null {
  const { validityUnit: unit, validityValue: value } = profile
  if (unit === 'period' || value === null) return null
  return unit === 'months' ? value * MONTH_SECONDS : value * SECONDS[unit]
}

/**
 * The end of validity of a subscription starting (or renewed) at `from`, in the tenant's zone:
 * calendar months for `months`; for `period`, the next `periodDay` after `from`, at midnight.
 */
export function expiryFrom(profile: PackageProfile, from: Date, zone: string): Date {
  const start = DateTime.fromJSDate(from, { zone })
  if (profile.validityUnit === 'period') {
    let end = start.set({ day: profile.periodDay ?? 1 }).startOf('day')
    if (end <= start) end = end.plus({ months: 1 })
    return end.toJSDate()
  }
  const value = profile.validityValue ?? 0
  return start.plus({ [profile.validityUnit]: value }).toJSDate()
}

/**
 * A new user's own settings from the package: an Expiration counted from `from`, or an access
 * period starting at the first login, and MAC binding on first login when the package says so.
 */
export function userSettingsOf(
  profile: PackageProfile,
  from: Date,
  zone: string
): Pick<RadiusUserSettings, 'expiration' | 'accessPeriod' | 'bindMacOnFirstLogin'> {
  const settings: Pick<RadiusUserSettings, 'expiration' | 'accessPeriod' | 'bindMacOnFirstLogin'> =
    { bindMacOnFirstLogin: profile.macBinding || null }
  const period = profile.validityStart === 'first_login' ? validitySeconds(profile) : null
  if (period !== null) {
    settings.accessPeriod = period
    settings.expiration = null
  } else {
    settings.expiration = expiryFrom(profile, from, zone)
    settings.accessPeriod = null
  }
  return settings
}
