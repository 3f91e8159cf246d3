import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Vouchers: batches (what was generated, by whom, how far the job got), the vouchers (code =
 * RADIUS User-Name, unique in the tenant by key so concurrent batches can never share one) and
 * the print templates. A voucher's RADIUS rows (password, validity, group) live in radcheck /
 * radusergroup under its code; its state is read from RADIUS data, never stored here.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('voucher_templates', (t) => {
      t.increments('id')
      t.string('name', 64).notNullable()
      // small_card | qr_card | thermal_58 | a4_grid (resources/views/vouchers/designs)
      t.string('design', 16).notNullable()
      // Under storage/uploads/<tenant uid>/; served by the templates controller.
      t.string('logo_path', 255).nullable()
      t.string('color_primary', 7).notNullable()
      t.string('color_accent', 7).notNullable()
      t.string('title', 64).nullable()
      t.string('footer', 255).nullable()
      // http://<hotspot dns name>/login?username=…&password=… is what the QR code opens.
      t.string('hotspot_dns', 253).nullable()
      t.boolean('show_price').notNullable().defaultTo(true)
      t.boolean('show_validity').notNullable().defaultTo(true)
      t.boolean('show_speed').notNullable().defaultTo(true)
      t.boolean('show_password').notNullable().defaultTo(true)
      t.boolean('show_qr').notNullable().defaultTo(false)
      // Vouchers per A4 page (thermal paper prints one after another).
      t.smallint('per_page').unsigned().notNullable().defaultTo(40)
      t.timestamp('created_at').notNullable()
      t.timestamp('updated_at').notNullable()
    })

    this.schema.createTable('voucher_batches', (t) => {
      t.increments('id')
      // No foreign key: a package may be removed later; its name and group stay here.
      t.integer('package_id').unsigned().nullable()
      t.string('package_name', 64).notNullable()
      t.string('group_name', 64).notNullable()
      t.integer('quantity').unsigned().notNullable()
      // Vouchers written so far (the progress bar); equals quantity when done.
      t.integer('generated').unsigned().notNullable().defaultTo(0)
      // queued | running | done | failed
      t.string('status', 16).notNullable().defaultTo('queued')
      t.string('error', 255).nullable()
      t.string('prefix', 16).notNullable().defaultTo('')
      t.tinyint('code_length').unsigned().notNullable()
      // numeric | upper | lower | mixed | no_lookalikes
      t.string('charset', 16).notNullable()
      // same (password = code) | separate
      t.string('login_mode', 16).notNullable()
      t.bigInteger('price').notNullable().defaultTo(0)
      // Unused vouchers stop working then (an Expiration beside Rb-Access-Period).
      t.dateTime('unused_expires_at').nullable()
      // Central NAS ids it may be used on (comma-separated); null = every NAS of the tenant.
      t.string('nas_ids', 255).nullable()
      t.string('note', 255).nullable()
      t.integer('template_id').unsigned().nullable()
      // Seller attribution: who generated it (the name is kept if the person is removed).
      t.integer('created_by').unsigned().nullable()
      t.string('created_by_name', 120).notNullable().defaultTo('')
      t.dateTime('disabled_at').nullable()
      t.dateTime('finished_at').nullable()
      t.timestamp('created_at').notNullable()
      t.timestamp('updated_at').notNullable()
      t.index(['created_at'], 'voucher_batches_created_at_index')
    })

    this.schema.createTable('vouchers', (t) => {
      t.increments('id')
      t.integer('batch_id').unsigned().notNullable()
      // The RADIUS User-Name: unique in the tenant, whichever batch or job writes it.
      t.string('code', 64).notNullable().unique()
      // Printed on the voucher; also radcheck's Cleartext-Password (CHAP needs the cleartext).
      t.string('password', 64).notNullable()
      t.index(['batch_id', 'id'], 'vouchers_batch_id_index')
    })
  }

  async down() {
    this.schema.dropTable('vouchers')
    this.schema.dropTable('voucher_batches')
    this.schema.dropTable('voucher_templates')
  }
}
