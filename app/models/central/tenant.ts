import { DateTime } from 'luxon'
import encryption from '@adonisjs/core/services/encryption'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import { TenantStatus } from '#enums/tenant_status'
import Domain from './domain.js'

/** One ISP business: its status, plan and where its database lives. */
export default class Tenant extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare uid: string

  @column()
  declare slug: string

  @column()
  declare name: string

  @column()
  declare email: string

  @column()
  declare status: TenantStatus

  @column()
  declare suspendedReason: string | null

  @column.dateTime()
  declare suspendedAt: DateTime | null

  @column()
  declare plan: string

  @column()
  declare timezone: string

  @column()
  declare locale: string

  @column()
  declare dbDriver: 'sqlite' | 'mysql' | 'cpanel'

  @column()
  declare dbName: string

  @column()
  declare dbHost: string | null

  @column()
  declare dbPort: number | null

  @column()
  declare dbUser: string | null

  /** Sealed with APP_KEY; read it through `databasePassword`. */
  @column({
    serializeAs: null,
    prepare: (value: string | null) => (value === null ? null : encryption.encrypt(value)),
    consume: (value: string | null) => (value === null ? null : encryption.decrypt<string>(value)),
  })
  declare dbPassword: string | null

  @hasMany(() => Domain)
  declare domains: HasMany<typeof Domain>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  get isActive() {
    return this.status === TenantStatus.Active
  }
}
