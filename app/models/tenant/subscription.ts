import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import TenantBaseModel from './tenant_base_model.js'

/** What happened to a customer's subscription. */
export type SubscriptionAction = 'create' | 'renew' | 'extend' | 'change' | 'scheduled_change'

const asNumber = { consume: (value: unknown) => Number(value) }

/** One entry of a customer's subscription history (the package as it was then). */
export default class Subscription extends TenantBaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare customerId: number

  @column()
  declare packageId: number | null

  @column()
  declare packageName: string

  @column(asNumber)
  declare price: number

  @column()
  declare action: SubscriptionAction

  @column.dateTime()
  declare startsAt: DateTime | null

  @column.dateTime()
  declare expiresAt: DateTime | null

  @column()
  declare createdBy: number | null

  @column()
  declare note: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
