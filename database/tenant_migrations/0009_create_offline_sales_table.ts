import { BaseSchema } from '@adonisjs/lucid/schema'

/** Cash sales recorded at the counter (the Cashier's sale screen): what, how many, by whom. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('offline_sales', (t) => {
      t.increments('id')
      t.integer('package_id').unsigned().nullable()
      t.string('package_name', 64).notNullable()
      t.integer('quantity').unsigned().notNullable()
      t.bigInteger('unit_price').notNullable()
      t.bigInteger('total').notNullable()
      // The customer the sale renewed, when it was for one.
      t.integer('customer_id').unsigned().nullable()
      // The voucher batch it printed (VoucherBatchService.generateNow), when it sold vouchers.
      t.integer('voucher_batch_id').unsigned().nullable()
      t.string('payment_method', 16).notNullable().defaultTo('cash')
      t.integer('cashier_id').unsigned().nullable()
      t.string('cashier_name', 120).notNullable().defaultTo('')
      t.string('note', 255).nullable()
      t.timestamp('created_at').notNullable()
      t.index(['created_at'], 'offline_sales_created_at_index')
      t.index(['cashier_id', 'created_at'], 'offline_sales_cashier_id_index')
    })
  }

  async down() {
    this.schema.dropTable('offline_sales')
  }
}
