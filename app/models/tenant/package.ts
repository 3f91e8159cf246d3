import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { PackageKind } from '#enums/package_kind'
import TenantBaseModel from './tenant_base_model.js'

/** How long a package lasts: a number of units, or postpaid up to a day of the month. */
export type ValidityUnit = 'minutes' | 'hours' | 'days' | 'months' | 'period'

/** When validity starts counting: at sale/activation, or at the first accepted login. */
export type ValidityStart = 'purchase' | 'first_login'

// SQLite returns booleans as 0/1 and MySQL may return BIGINT as text.
const asBoolean = { consume: (value: unknown) => Boolean(Number(value)) }
const asNumber = { consume: (value: unknown) => (value === null ? null : Number(value)) }

/**
 * A service package (paket). Also a RADIUS group (`groupName`) whose radgroupcheck /
 * radgroupreply rows PackageService keeps in sync (see PackageRadiusMapper). Rates are kbit/s,
 * sizes bytes, times seconds, money whole rupiah.
 */
export default class Package extends TenantBaseModel {
  static table = 'packages'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  /** The RADIUS group of the package (`pkg-<id>`); never changes. */
  @column()
  declare groupName: string

  @column()
  declare kind: PackageKind

  @column()
  declare description: string | null

  @column(asNumber)
  declare price: number

  @column(asNumber)
  declare resellerPrice: number | null

  @column()
  declare rateUpKbps: number

  @column()
  declare rateDownKbps: number

  @column()
  declare burstUpKbps: number | null

  @column()
  declare burstDownKbps: number | null

  @column()
  declare burstThresholdUpKbps: number | null

  @column()
  declare burstThresholdDownKbps: number | null

  @column()
  declare burstTimeSeconds: number | null

  /** MikroTik queue priority 1 (highest) … 8. */
  @column()
  declare priority: number | null

  @column()
  declare validityUnit: ValidityUnit

  /** Number of `validityUnit`s; null for `period`. */
  @column()
  declare validityValue: number | null

  /** Day of the month (1–28) a `period` package runs to. */
  @column()
  declare periodDay: number | null

  @column()
  declare validityStart: ValidityStart

  @column()
  declare timeQuotaSeconds: number | null

  @column(asNumber)
  declare dataQuotaBytes: number | null

  /** Sessions a user of the package may have open at once. */
  @column()
  declare sharedUsers: number

  @column(asNumber)
  declare fupThresholdBytes: number | null

  @column()
  declare fupRateUpKbps: number | null

  @column()
  declare fupRateDownKbps: number | null

  /** Framed-Pool: the router's address pool. */
  @column()
  declare ipPool: string | null

  /** Each customer of the package gets a fixed address of their own. */
  @column(asBoolean)
  declare staticIp: boolean

  @column()
  declare idleTimeoutSeconds: number | null

  @column()
  declare interimIntervalSeconds: number | null

  /** New users are bound to the device of their first login. */
  @column(asBoolean)
  declare macBinding: boolean

  @column(asBoolean)
  declare purchasableOnline: boolean

  /** Retired packages stay for their customers but are not sold any more. */
  @column(asBoolean)
  declare isActive: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
