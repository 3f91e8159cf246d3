import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The NAS registry: which router (by source IP, or NAS-Identifier behind a shared IP) belongs to
 * which tenant, with its shared secret. The RADIUS server routes every packet through it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('nas', (table) => {
      table.increments('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('name', 120).notNullable()
      /** mikrotik | unifi | openwrt | other */
      table.string('type', 20).notNullable().defaultTo('mikrotik')
      /** Source address of its RADIUS packets (IPv4 or IPv6, normalised). */
      table.string('ip_address', 45).nullable()
      /** NAS-Identifier, for several routers behind one public IP (each with its own secret). */
      table.string('identifier', 64).nullable()
      /** Encrypted with APP_KEY. */
      table.text('secret').notNullable()
      table.integer('auth_port').unsigned().notNullable().defaultTo(1812)
      table.integer('acct_port').unsigned().notNullable().defaultTo(1813)
      table.integer('coa_port').unsigned().notNullable().defaultTo(3799)
      table.boolean('require_message_authenticator').notNullable().defaultTo(true)
      table.timestamp('last_seen_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['ip_address'])
      table.index(['tenant_id'])
      table.unique(['ip_address', 'identifier'])
    })

    // Bumped on every NAS change, so RADIUS processes notice within a poll without a reload.
    this.schema.createTable('registry_versions', (table) => {
      table.string('name', 40).primary()
      table.bigInteger('version').notNullable().defaultTo(0)
    })
    this.defer(async (db) => {
      await db.table('registry_versions').insert({ name: 'nas', version: 0 })
    })
  }

  async down() {
    this.schema.dropTable('registry_versions')
    this.schema.dropTable('nas')
  }
}
