import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import TenantBaseModel from './tenant_base_model.js'

const asNumber = { consume: (value: unknown) => Number(value) }

/** A cash sale recorded at the counter: vouchers printed, or a customer's renewal. */
export default class OfflineSale extends TenantBaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare packageId: number | null

  @column()
  declare packageName: string

  @column()
  declare quantity: number

  @column(asNumber)
  declare unitPrice: number

  @column(asNumber)
  declare total: number

  @column()
  declare customerId: number | null

  /** The voucher batch the sale printed (seller attribution and codes are there). */
  @column()
  declare voucherBatchId: number | null

  @column()
  declare paymentMethod: 'cash'

  @column()
  declare cashierId: number | null

  @column()
  declare cashierName: string

  @column()
  declare note: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
