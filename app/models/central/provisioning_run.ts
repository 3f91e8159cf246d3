import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** Progress of one sign-up's provisioning, polled by the person waiting for it. */
export default class ProvisioningRun extends BaseModel {
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare id: string

  @column()
  declare slug: string

  @column()
  declare tenantId: number | null

  @column()
  declare status: 'queued' | 'running' | 'done' | 'failed'

  @column()
  declare step: string | null

  @column()
  declare progress: number

  @column()
  declare error: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
