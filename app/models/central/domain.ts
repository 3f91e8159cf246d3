import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Tenant from './tenant.js'

/** A host name that serves a tenant: its subdomain or a custom domain (verified by CNAME). */
export default class Domain extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tenantId: number

  @belongsTo(() => Tenant)
  declare tenant: BelongsTo<typeof Tenant>

  @column()
  declare host: string

  @column()
  declare kind: 'subdomain' | 'custom'

  @column()
  declare isPrimary: boolean

  @column.dateTime()
  declare verifiedAt: DateTime | null

  @column.dateTime()
  declare lastCheckedAt: DateTime | null

  @column()
  declare lastCheckError: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
