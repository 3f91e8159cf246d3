import { DateTime } from 'luxon'
import encryption from '@adonisjs/core/services/encryption'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Tenant from './tenant.js'

/** A router registered with the RADIUS server (central: it routes packets to tenants). */
export default class Nas extends BaseModel {
  static table = 'nas'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tenantId: number

  @belongsTo(() => Tenant)
  declare tenant: BelongsTo<typeof Tenant>

  @column()
  declare name: string

  @column()
  declare type: 'mikrotik' | 'unifi' | 'openwrt' | 'other'

  @column()
  declare ipAddress: string | null

  @column()
  declare identifier: string | null

  /** Sealed with APP_KEY at rest. */
  @column({
    serializeAs: null,
    prepare: (value: string) => encryption.encrypt(value),
    consume: (value: string) => encryption.decrypt<string>(value),
  })
  declare secret: string

  @column()
  declare authPort: number

  @column()
  declare acctPort: number

  @column()
  declare coaPort: number

  @column()
  declare requireMessageAuthenticator: boolean

  @column.dateTime()
  declare lastSeenAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
