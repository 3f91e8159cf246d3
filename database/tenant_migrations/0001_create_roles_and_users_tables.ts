import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('roles', (table) => {
      table.increments('id')
      table.string('slug', 40).notNullable().unique()
      table.string('name', 80).notNullable()
      table.boolean('is_system').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
    })

    this.schema.createTable('users', (table) => {
      table.increments('id')
      table.integer('role_id').unsigned().notNullable().references('id').inTable('roles')
      table.string('full_name', 120).notNullable()
      table.string('email', 254).notNullable().unique()
      table.string('password', 255).notNullable()
      table.string('status', 20).notNullable().defaultTo('active')
      table.string('locale', 5).nullable()
      table.string('color_scheme', 10).notNullable().defaultTo('system')
      /** Bumped by "log out everywhere": sessions carrying an older epoch are refused. */
      table.integer('session_epoch').unsigned().notNullable().defaultTo(0)
      table.timestamp('last_login_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['role_id'])
    })

    this.schema.createTable('remember_me_tokens', (table) => {
      table.increments('id')
      table
        .integer('tokenable_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('hash', 80).notNullable().unique()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.timestamp('expires_at').notNullable()
    })

    this.schema.createTable('password_resets', (table) => {
      table.increments('id')
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at').notNullable()
      table.timestamp('used_at').nullable()
      table.timestamp('created_at').notNullable()
    })

    this.schema.createTable('settings', (table) => {
      table.string('key', 80).primary()
      table.text('value').nullable()
      table.timestamp('updated_at').nullable()
    })
  }

  async down() {
    this.schema.dropTable('settings')
    this.schema.dropTable('password_resets')
    this.schema.dropTable('remember_me_tokens')
    this.schema.dropTable('users')
    this.schema.dropTable('roles')
  }
}
