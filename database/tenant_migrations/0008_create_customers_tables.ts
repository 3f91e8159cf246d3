import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Customers (members, hotspot and PPPoE) and their subscription history. The RADIUS side of a
 * customer (password, status, group, MAC, static IP, validity) lives in radcheck / radreply /
 * radusergroup under `username`, written by CustomerService in the same transaction.
 * Indexes serve the DataTables list at 100,000 rows (bench/customers): each sortable column,
 * each filter in the default order (an index on `status` is ordered by id within a status),
 * and filter + sort by expiry. `service` has two values: an index on it only misleads MySQL
 * into index merges, and a scan finds its 25 rows at once.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('customers', (t) => {
      t.increments('id')
      t.string('username', 64).notNullable().unique()
      // hotspot | pppoe
      t.string('service', 16).notNullable()
      t.string('full_name', 120).notNullable()
      // +628… (stored normalised)
      t.string('phone', 20).nullable()
      t.string('email', 254).nullable()
      t.string('address', 255).nullable()
      t.decimal('latitude', 9, 6).nullable()
      t.decimal('longitude', 9, 6).nullable()
      t.text('notes').nullable()
      // active | disabled | isolir | expired
      t.string('status', 16).notNullable().defaultTo('active')
      t.string('mac_address', 17).nullable()
      t.string('static_ip', 15).nullable()
      t.integer('package_id').unsigned().nullable().references('id').inTable('packages')
      // A package change waiting for the next renewal.
      t.integer('next_package_id').unsigned().nullable().references('id').inTable('packages')
      t.dateTime('started_at').nullable()
      t.dateTime('expires_at').nullable()
      t.integer('created_by').unsigned().nullable()
      t.timestamp('created_at').notNullable()
      t.timestamp('updated_at').notNullable()
      t.index(['status'], 'customers_status_index')
      t.index(['status', 'expires_at'], 'customers_status_expires_at_index')
      t.index(['package_id'], 'customers_package_id_index')
      t.index(['package_id', 'expires_at'], 'customers_package_id_expires_at_index')
      t.index(['full_name'], 'customers_full_name_index')
      t.index(['phone'], 'customers_phone_index')
      t.index(['expires_at'], 'customers_expires_at_index')
      t.index(['created_at'], 'customers_created_at_index')
    })
    this.schema.createTable('subscriptions', (t) => {
      t.increments('id')
      t.integer('customer_id').unsigned().notNullable()
      t.integer('package_id').unsigned().nullable()
      // Kept as it was: the package may be renamed or removed later.
      t.string('package_name', 64).notNullable()
      t.bigInteger('price').notNullable().defaultTo(0)
      // create | renew | extend | change | scheduled_change
      t.string('action', 24).notNullable()
      t.dateTime('starts_at').nullable()
      t.dateTime('expires_at').nullable()
      t.integer('created_by').unsigned().nullable()
      t.string('note', 255).nullable()
      t.timestamp('created_at').notNullable()
      t.index(['customer_id', 'id'], 'subscriptions_customer_id_index')
    })
  }

  async down() {
    this.schema.dropTable('subscriptions')
    this.schema.dropTable('customers')
  }
}
