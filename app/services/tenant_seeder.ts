import db from '@adonisjs/lucid/services/db'
import Role from '#models/tenant/role'
import { TenantRole } from '#enums/tenant_role'
import { TENANT_ROLE_NAMES } from '#abilities/permissions'
import { tenantContext } from '#tenancy/tenant_context'
import { sqlTimestamp } from '#helpers/sql_timestamp'

/** The rows every new tenant starts with: its default roles and its Owner. */
export class TenantSeeder {
  /** Insert the default roles that are missing (idempotent). */
  static async seedRoles() {
    const roles = await Role.all()
    const existing = new Set(roles.map((role) => role.slug))
    const missing = Object.values(TenantRole).filter((slug) => !existing.has(slug))
    if (missing.length) {
      await Role.createMany(
        missing.map((slug) => ({ slug, name: TENANT_ROLE_NAMES[slug], isSystem: true }))
      )
    }
  }

  /** Create the Owner from an already-hashed password (the hash travelled through the queue). */
  static async createOwner(owner: { email: string; fullName: string; passwordHash: string }) {
    const role = await Role.findByOrFail('slug', TenantRole.Owner)
    // Inserted with the query builder: the model would hash the hash again.
    await db.connection(tenantContext.require().connectionName).table('users').insert({
      role_id: role.id,
      full_name: owner.fullName,
      email: owner.email,
      password: owner.passwordHash,
      status: 'active',
      color_scheme: 'system',
      session_epoch: 0,
      created_at: sqlTimestamp(),
      updated_at: sqlTimestamp(),
    })
  }
}
