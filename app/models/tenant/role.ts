import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import TenantBaseModel from './tenant_base_model.js'

/** A role inside a tenant (Owner, Admin, Kasir, …); its permissions live in the catalogue. */
export default class Role extends TenantBaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare slug: string

  @column()
  declare name: string

  @column()
  declare isSystem: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
