import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Service packages (paket). Each one is also a RADIUS group named `group_name`
 * (radgroupcheck / radgroupreply), kept in sync by PackageService. Rates are in kbit/s, sizes
 * in bytes, times in seconds, money in whole rupiah.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('packages', (t) => {
      t.increments('id')
      t.string('name', 64).notNullable().unique()
      // The RADIUS group: `pkg-<id>`, fixed at creation so a rename never touches radusergroup.
      t.string('group_name', 64).notNullable().unique()
      // hotspot | pppoe | dhcp | hybrid
      t.string('kind', 16).notNullable()
      t.string('description', 255).nullable()
      t.bigInteger('price').notNullable().defaultTo(0)
      t.bigInteger('reseller_price').nullable()
      t.integer('rate_up_kbps').unsigned().notNullable()
      t.integer('rate_down_kbps').unsigned().notNullable()
      t.integer('burst_up_kbps').unsigned().nullable()
      t.integer('burst_down_kbps').unsigned().nullable()
      t.integer('burst_threshold_up_kbps').unsigned().nullable()
      t.integer('burst_threshold_down_kbps').unsigned().nullable()
      t.integer('burst_time_seconds').unsigned().nullable()
      // MikroTik queue priority, 1 (highest) … 8
      t.tinyint('priority').unsigned().nullable()
      // minutes | hours | days | months | period (postpaid up to `period_day` of the month)
      t.string('validity_unit', 8).notNullable()
      t.integer('validity_value').unsigned().nullable()
      t.tinyint('period_day').unsigned().nullable()
      // purchase | first_login
      t.string('validity_start', 16).notNullable().defaultTo('purchase')
      t.integer('time_quota_seconds').unsigned().nullable()
      t.bigInteger('data_quota_bytes').unsigned().nullable()
      t.smallint('shared_users').unsigned().notNullable().defaultTo(1)
      t.bigInteger('fup_threshold_bytes').unsigned().nullable()
      t.integer('fup_rate_up_kbps').unsigned().nullable()
      t.integer('fup_rate_down_kbps').unsigned().nullable()
      t.string('ip_pool', 64).nullable()
      // Customers of the package each get a fixed address (their own Framed-IP-Address).
      t.boolean('static_ip').notNullable().defaultTo(false)
      t.integer('idle_timeout_seconds').unsigned().nullable()
      t.integer('interim_interval_seconds').unsigned().nullable()
      t.boolean('mac_binding').notNullable().defaultTo(false)
      t.boolean('purchasable_online').notNullable().defaultTo(false)
      t.boolean('is_active').notNullable().defaultTo(true)
      t.timestamp('created_at').notNullable()
      t.timestamp('updated_at').notNullable()
      t.index(['kind'], 'packages_kind_index')
    })
  }

  async down() {
    this.schema.dropTable('packages')
  }
}
