import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('audit_logs', (table) => {
      table.bigIncrements('id')
      /** platform | tenant | system */
      table.string('actor_type', 20).notNullable()
      table.integer('actor_id').unsigned().nullable()
      table.string('actor_email', 254).nullable()
      table.integer('tenant_id').unsigned().nullable()
      table.string('action', 80).notNullable()
      table.text('details').nullable()
      table.string('ip', 45).nullable()
      table.timestamp('created_at').notNullable()
      table.index(['tenant_id', 'created_at'])
      table.index(['action'])
    })

    this.schema.createTable('rate_limits', (table) => {
      table.string('key', 255).notNullable().primary()
      table.integer('points', 9).notNullable().defaultTo(0)
      table.bigint('expire').unsigned()
    })
  }

  async down() {
    this.schema.dropTable('rate_limits')
    this.schema.dropTable('audit_logs')
  }
}
