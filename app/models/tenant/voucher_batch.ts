import { DateTime } from 'luxon'
import { column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import type { VoucherCharset } from '#services/voucher_code_generator'
import TenantBaseModel from './tenant_base_model.js'
import Voucher from './voucher.js'

/** How far a batch's generation got. */
export type VoucherBatchStatus = 'queued' | 'running' | 'done' | 'failed'

/** `same`: the code is the username and the password; `separate`: a password of its own. */
export type VoucherLoginMode = 'same' | 'separate'

// MySQL may return BIGINT as text.
const asNumber = { consume: (value: unknown) => Number(value) }

/**
 * One "Generate Voucher" run: its settings, who generated it (seller attribution) and the
 * progress of the job writing it. Its vouchers are RADIUS users of the package's group.
 */
export default class VoucherBatch extends TenantBaseModel {
  static table = 'voucher_batches'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare packageId: number | null

  @column()
  declare packageName: string

  /** The package's RADIUS group every voucher of the batch joins. */
  @column()
  declare groupName: string

  @column(asNumber)
  declare quantity: number

  /** Vouchers written so far. */
  @column(asNumber)
  declare generated: number

  @column()
  declare status: VoucherBatchStatus

  @column()
  declare error: string | null

  @column()
  declare prefix: string

  @column(asNumber)
  declare codeLength: number

  @column()
  declare charset: VoucherCharset

  @column()
  declare loginMode: VoucherLoginMode

  @column(asNumber)
  declare price: number

  /** Unused vouchers stop working at this moment. */
  @column.dateTime()
  declare unusedExpiresAt: DateTime | null

  /** NAS ids it is valid on (comma-separated); null for every NAS. */
  @column()
  declare nasIds: string | null

  @column()
  declare note: string | null

  @column()
  declare templateId: number | null

  @column()
  declare createdBy: number | null

  @column()
  declare createdByName: string

  @column.dateTime()
  declare disabledAt: DateTime | null

  @column.dateTime()
  declare finishedAt: DateTime | null

  @hasMany(() => Voucher, { foreignKey: 'batchId' })
  declare vouchers: HasMany<typeof Voucher>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** 0–100, for the progress bar. */
  get percent(): number {
    if (this.quantity <= 0) return 100
    return Math.floor((this.generated / this.quantity) * 100)
  }

  /** The NAS ids as numbers; empty for every NAS. */
  get nasIdList(): number[] {
    return (this.nasIds ?? '').split(',').filter(Boolean).map(Number)
  }
}
