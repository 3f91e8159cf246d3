import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'platform_users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('full_name', 120).notNullable()
      table.string('email', 254).notNullable().unique()
      table.string('password', 255).notNullable()
      table.string('role', 40).notNullable()
      table.string('status', 20).notNullable().defaultTo('active')
      table.string('locale', 5).notNullable().defaultTo('id')
      table.string('color_scheme', 10).notNullable().defaultTo('system')
      /** Bumped by "log out everywhere": sessions carrying an older epoch are refused. */
      table.integer('session_epoch').unsigned().notNullable().defaultTo(0)
      table.timestamp('last_login_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('platform_remember_me_tokens', (table) => {
      table.increments('id')
      table
        .integer('tokenable_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('platform_users')
        .onDelete('CASCADE')
      table.string('hash', 80).notNullable().unique()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.timestamp('expires_at').notNullable()
    })

    this.schema.createTable('platform_password_resets', (table) => {
      table.increments('id')
      table
        .integer('platform_user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('platform_users')
        .onDelete('CASCADE')
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at').notNullable()
      table.timestamp('used_at').nullable()
      table.timestamp('created_at').notNullable()
    })
  }

  async down() {
    this.schema.dropTable('platform_password_resets')
    this.schema.dropTable('platform_remember_me_tokens')
    this.schema.dropTable(this.tableName)
  }
}
