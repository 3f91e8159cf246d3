import { DateTime } from 'luxon'
import { belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import { CustomerStatus } from '#enums/customer_status'
import TenantBaseModel from './tenant_base_model.js'
import Package from './package.js'
import Subscription from './subscription.js'

/** How a customer connects. */
export type CustomerService = 'hotspot' | 'pppoe'

// MySQL returns DECIMAL as text.
const asCoordinate = { consume: (value: unknown) => (value === null ? null : Number(value)) }

/**
 * A member (hotspot or PPPoE customer). Its RADIUS account is the user `username` in radcheck /
 * radreply / radusergroup; the password lives only there (CHAP needs it in cleartext).
 */
export default class Customer extends TenantBaseModel {
  @column({ isPrimary: true })
  declare id: number

  /** The RADIUS User-Name (PPPoE secret name or hotspot login); fixed once created. */
  @column()
  declare username: string

  @column()
  declare service: CustomerService

  @column()
  declare fullName: string

  /** Normalised to +628…. */
  @column()
  declare phone: string | null

  @column()
  declare email: string | null

  @column()
  declare address: string | null

  @column(asCoordinate)
  declare latitude: number | null

  @column(asCoordinate)
  declare longitude: number | null

  @column()
  declare notes: string | null

  @column()
  declare status: CustomerStatus

  /** The only device allowed, AA:BB:CC:DD:EE:FF. */
  @column()
  declare macAddress: string | null

  @column()
  declare staticIp: string | null

  @column()
  declare packageId: number | null

  @belongsTo(() => Package)
  declare package: BelongsTo<typeof Package>

  /** The package to switch to at the next renewal. */
  @column()
  declare nextPackageId: number | null

  @belongsTo(() => Package, { foreignKey: 'nextPackageId' })
  declare nextPackage: BelongsTo<typeof Package>

  @column.dateTime()
  declare startedAt: DateTime | null

  /** End of the current subscription; null until a first-login package is first used. */
  @column.dateTime()
  declare expiresAt: DateTime | null

  @column()
  declare createdBy: number | null

  @hasMany(() => Subscription)
  declare subscriptions: HasMany<typeof Subscription>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
