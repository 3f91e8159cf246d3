import { belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import TenantBaseModel from './tenant_base_model.js'
import VoucherBatch from './voucher_batch.js'

/**
 * One voucher: a RADIUS user whose User-Name is `code`. Its validity, status and usage are in
 * the RADIUS tables (see VoucherService for how its state is read from them).
 */
export default class Voucher extends TenantBaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare batchId: number

  @belongsTo(() => VoucherBatch, { foreignKey: 'batchId' })
  declare batch: BelongsTo<typeof VoucherBatch>

  /** The login (User-Name); unique in the tenant. */
  @column()
  declare code: string

  /** Equal to `code` in the "username = password" mode. */
  @column()
  declare password: string
}
