import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import TenantBaseModel from './tenant_base_model.js'

/** The built-in designs a template starts from (resources/views/vouchers/designs/<design>). */
export type VoucherDesign = 'small_card' | 'qr_card' | 'thermal_58' | 'a4_grid'

// SQLite returns booleans as 0/1.
const asBoolean = { consume: (value: unknown) => Boolean(Number(value)) }

/** A tenant's voucher print template: a built-in design with its logo, colours and fields. */
export default class VoucherTemplate extends TenantBaseModel {
  static table = 'voucher_templates'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare design: VoucherDesign

  /** Relative to storage/uploads/<tenant uid>/. */
  @column()
  declare logoPath: string | null

  @column()
  declare colorPrimary: string

  @column()
  declare colorAccent: string

  @column()
  declare title: string | null

  @column()
  declare footer: string | null

  /** The hotspot's DNS name, for the QR code's login URL. */
  @column()
  declare hotspotDns: string | null

  @column(asBoolean)
  declare showPrice: boolean

  @column(asBoolean)
  declare showValidity: boolean

  @column(asBoolean)
  declare showSpeed: boolean

  @column(asBoolean)
  declare showPassword: boolean

  @column(asBoolean)
  declare showQr: boolean

  /** Vouchers per A4 page. */
  @column()
  declare perPage: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
