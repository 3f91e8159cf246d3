import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Change stamps of the RADIUS user data, so the RADIUS process can cache user profiles and
 * still never serve a stale one (app/radius/users/auth_profile_cache.ts). Every transaction that
 * writes radcheck / radreply / radusergroup / radgroupcheck / radgroupreply bumps
 * `radius_versions.version` (one row: its lock orders the writers) and stamps the users it
 * changed with the new version in `radius_user_versions`; a group or bulk change sets `flushed`
 * instead, which drops every cached profile of the tenant.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('radius_versions', (t) => {
      t.integer('id').unsigned().primary()
      t.bigInteger('version').notNullable().defaultTo(0)
      /** The version of the last change that invalidates every user (group or bulk write). */
      t.bigInteger('flushed').notNullable().defaultTo(0)
    })
    this.schema.createTable('radius_user_versions', (t) => {
      t.string('username', 64).primary()
      t.bigInteger('version').notNullable()
      t.index(['version'], 'radius_user_versions_version_index')
    })
    this.defer(async (db) => {
      await db.table('radius_versions').insert({ id: 1, version: 0, flushed: 0 })
    })
  }

  async down() {
    this.schema.dropTable('radius_user_versions')
    this.schema.dropTable('radius_versions')
  }
}
