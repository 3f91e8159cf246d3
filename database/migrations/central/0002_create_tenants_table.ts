import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('tenants', (table) => {
      table.increments('id')
      /** Public, unguessable id: used in sessions and URLs instead of the sequential id. */
      table.string('uid', 36).notNullable().unique()
      table.string('slug', 40).notNullable().unique()
      table.string('name', 120).notNullable()
      table.string('email', 254).notNullable()
      /** provisioning → active ⇄ suspended */
      table.string('status', 20).notNullable().defaultTo('provisioning')
      table.string('suspended_reason', 500).nullable()
      table.timestamp('suspended_at').nullable()
      table.string('plan', 40).notNullable().defaultTo('basic')
      table.string('timezone', 64).notNullable().defaultTo('Asia/Jakarta')
      table.string('locale', 5).notNullable().defaultTo('id')
      /** Placement: which driver and database server hold this tenant's data. */
      table.string('db_driver', 20).notNullable()
      table.string('db_name', 128).notNullable()
      table.string('db_host', 255).nullable()
      table.integer('db_port').unsigned().nullable()
      table.string('db_user', 64).nullable()
      /** Encrypted with APP_KEY. */
      table.text('db_password').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('domains', (table) => {
      table.increments('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('host', 253).notNullable().unique()
      /** subdomain | custom */
      table.string('kind', 20).notNullable()
      table.boolean('is_primary').notNullable().defaultTo(false)
      table.timestamp('verified_at').nullable()
      table.timestamp('last_checked_at').nullable()
      table.string('last_check_error', 255).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['tenant_id'])
    })

    this.schema.createTable('provisioning_runs', (table) => {
      table.string('id', 36).primary()
      table.string('slug', 40).notNullable()
      /** Cleared when a failed run is rolled back: the tenant row no longer exists. */
      table.integer('tenant_id').unsigned().nullable()
      /** queued | running | done | failed */
      table.string('status', 20).notNullable()
      table.string('step', 40).nullable()
      table.integer('progress').unsigned().notNullable().defaultTo(0)
      table.string('error', 1000).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })
  }

  async down() {
    this.schema.dropTable('provisioning_runs')
    this.schema.dropTable('domains')
    this.schema.dropTable('tenants')
  }
}
