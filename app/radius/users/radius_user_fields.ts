/*
 * How each setting of a RADIUS user is stored: which table, attribute and operator, and how its
 * value is checked and written (see ./attribute_names.ts for the conventions).
 */
import { Check, Reply, type AllowedService } from './attribute_names.js'
import { formatExpiration } from './expiration.js'
import { normalizeMac } from './mac_address.js'
import { isRateLimit } from './rate_limit.js'
import { RadiusUserError } from './radius_user_error.js'

/**
 * Settings of a RADIUS user. In an update, `undefined` leaves a setting as it is and `null`
 * removes it.
 */
export interface RadiusUserSettings {
  /** Cleartext-Password (CHAP and MS-CHAP need the cleartext). */
  password?: string
  /** End of validity (Expiration). */
  expiration?: Date | null
  /** Validity in seconds counted from the first accepted login (Rb-Access-Period). */
  accessPeriod?: number | null
  /** The only device allowed (Calling-Station-Id ==), any common MAC spelling. */
  macAddress?: string | null
  /** Bind the first login's device (Rb-Bind-Mac-On-First-Login). */
  bindMacOnFirstLogin?: boolean | null
  /** Sessions open at once (Simultaneous-Use). */
  simultaneousUse?: number | null
  /** Time quota in seconds over all sessions (Max-All-Session). */
  timeQuota?: number | null
  /** Data quota in bytes, upload + download (Rb-Data-Quota). */
  dataQuota?: number | null
  /** Static IPv4 address (Framed-IP-Address). */
  staticIp?: string | null
  /** Address pool on the router (Framed-Pool). */
  pool?: string | null
  /** Mikrotik-Rate-Limit overriding the package's. */
  rateLimit?: string | null
  /** hotspot or pppoe only (Rb-Allowed-Service). */
  allowedService?: AllowedService | null
  /** Ids of the only NAS the user may log in through (Rb-Allowed-Nas); empty: any. */
  allowedNas?: readonly number[] | null
  /** Bytes after which the FUP rate applies (Rb-Fup-Threshold). */
  fupThreshold?: number | null
  /** The FUP rate (Rb-Fup-Rate-Limit). */
  fupRateLimit?: string | null
}

/** One stored setting. `encode` validates and returns the value to store. */
interface Field<Value> {
  table: 'radcheck' | 'radreply'
  attribute: string
  op: string
  encode(value: Value, zone: string): string
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/

function wholeNumber(what: string, minimum: number) {
  return (value: number) => {
    if (!Number.isSafeInteger(value) || value < minimum) {
      throw RadiusUserError.invalid(what, value, `a whole number ≥ ${minimum}`)
    }
    return String(value)
  }
}

function text(what: string, valid: (value: string) => boolean, expected: string) {
  return (value: string) => {
    if (typeof value !== 'string' || !valid(value.trim())) {
      throw RadiusUserError.invalid(what, value, expected)
    }
    return value.trim()
  }
}

const check = (attribute: string, op = ':=') => ({ table: 'radcheck', attribute, op }) as const
const reply = (attribute: string) => ({ table: 'radreply', attribute, op: '=' }) as const

/** Every setting, by name. */
const FIELDS: {
  [Name in keyof RadiusUserSettings]-?: Field<NonNullable<RadiusUserSettings[Name]>>
} = {
  password: {
    ...check(Check.Password),
    encode: (value) => {
      if (typeof value !== 'string' || value === '' || Buffer.byteLength(value) > 128) {
        throw RadiusUserError.invalid('Password', '…', '1 to 128 bytes (RFC 2865 §5.2)')
      }
      return value
    },
  },
  expiration: {
    ...check(Check.Expiration),
    encode: (value, zone) => {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
        throw RadiusUserError.invalid('Expiration', value, 'a valid date')
      }
      return formatExpiration(value, zone)
    },
  },
  accessPeriod: { ...check(Check.AccessPeriod), encode: wholeNumber('Access period', 1) },
  macAddress: {
    ...check(Check.CallingStationId, '=='),
    encode: (value) => {
      const mac = normalizeMac(value)
      if (!mac) throw RadiusUserError.invalid('MAC address', value, 'AA:BB:CC:DD:EE:FF')
      return mac
    },
  },
  bindMacOnFirstLogin: { ...check(Check.BindMacOnFirstLogin), encode: () => 'yes' },
  simultaneousUse: { ...check(Check.SimultaneousUse), encode: wholeNumber('Simultaneous use', 1) },
  timeQuota: { ...check(Check.TimeQuota), encode: wholeNumber('Time quota', 1) },
  dataQuota: { ...check(Check.DataQuota), encode: wholeNumber('Data quota', 1) },
  staticIp: {
    ...reply(Reply.FramedIpAddress),
    encode: text('Static IP', (value) => IPV4.test(value), 'an IPv4 address'),
  },
  pool: {
    ...reply(Reply.FramedPool),
    encode: text('Pool', (value) => /^[\w.-]{1,64}$/.test(value), 'a pool name'),
  },
  rateLimit: {
    ...reply(Reply.RateLimit),
    encode: text('Rate limit', isRateLimit, 'a MikroTik rate limit such as 2M/10M'),
  },
  allowedService: {
    ...check(Check.AllowedService),
    encode: text(
      'Service',
      (value) => value === 'hotspot' || value === 'pppoe',
      'hotspot or pppoe'
    ),
  },
  allowedNas: {
    ...check(Check.AllowedNas),
    encode: (ids) => {
      if (
        !Array.isArray(ids) ||
        ids.length === 0 ||
        !ids.every((id) => Number.isSafeInteger(id) && id > 0)
      ) {
        throw RadiusUserError.invalid('Allowed NAS', ids, 'a list of NAS ids')
      }
      return [...new Set(ids)].join(',')
    },
  },
  fupThreshold: { ...check(Check.FupThreshold), encode: wholeNumber('FUP threshold', 1) },
  fupRateLimit: {
    ...check(Check.FupRateLimit),
    encode: text('FUP rate limit', isRateLimit, 'a MikroTik rate limit such as 1M/2M'),
  },
}

/** A row to store for one setting, or null to only remove the old one. */
interface FieldWrite {
  table: 'radcheck' | 'radreply'
  attribute: string
  row: { op: string; value: string } | null
}

/** The writes for the defined settings of `settings`, validated. */
export function fieldWrites(settings: RadiusUserSettings, zone: string): FieldWrite[] {
  const writes: FieldWrite[] = []
  for (const name of Object.keys(FIELDS) as (keyof RadiusUserSettings)[]) {
    const value = settings[name]
    if (value === undefined) continue
    const field = FIELDS[name] as Field<unknown>
    const remove = value === null || value === false
    writes.push({
      table: field.table,
      attribute: field.attribute,
      row: remove ? null : { op: field.op, value: field.encode(value, zone) },
    })
  }
  return writes
}
