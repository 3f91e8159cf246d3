import db from '@adonisjs/lucid/services/db'
import { tenantContext } from '#tenancy/tenant_context'
import { sqlTimestamp } from '#helpers/sql_timestamp'

/** Key/value settings of the current tenant (JSON values), e.g. its theme overrides. */
export class TenantSettingsService {
  static #connection() {
    return db.connection(tenantContext.require().connectionName)
  }

  static async get<T>(key: string, fallback: T): Promise<T> {
    const row = await this.#connection().from('settings').where('key', key).first()
    return row?.value ? (JSON.parse(row.value) as T) : fallback
  }

  static async set(key: string, value: unknown) {
    const row = { key, value: JSON.stringify(value), updated_at: sqlTimestamp() }
    const updated = await this.#connection()
      .from('settings')
      .where('key', key)
      .update({ value: row.value, updated_at: row.updated_at })
    if (Number(updated) === 0) await this.#connection().table('settings').insert(row)
  }
}
