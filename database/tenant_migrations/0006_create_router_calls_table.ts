import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Every device-driver call queued for a router (push a customer, disable on expiry, remove an
 * active session…): what was asked, where it stands and how the router answered. The customer's
 * and the NAS's pages read it; RouterCallJob also reads it to run one router's calls in order.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('router_calls', (t) => {
      t.bigIncrements('id')
      /** Central `nas.id` of the router. */
      t.integer('nas_id').unsigned().notNullable()
      /** The DeviceDriver method: addCustomer, updatePackage, disconnect… */
      t.string('action', 40).notNullable()
      /** Customer username or package (profile) name the call is about. */
      t.string('target', 120).nullable()
      /** The method's arguments, encrypted with APP_KEY; cleared when the call ends. */
      t.text('args').nullable()
      /** queued | running | done | failed */
      t.string('status', 16).notNullable()
      t.integer('attempts').unsigned().notNullable().defaultTo(0)
      /** Why the last attempt failed, with its code (E_ROUTER_TIMEOUT, E_ROUTER_TRAP…). */
      t.text('error').nullable()
      /** What the driver returned, as JSON (a disconnect's message, a connection test). */
      t.text('result').nullable()
      /** Who asked: a staff member, a job. */
      t.string('actor', 120).nullable()
      t.dateTime('created_at').notNullable()
      t.dateTime('started_at').nullable()
      t.dateTime('finished_at').nullable()
      t.dateTime('updated_at').notNullable()
      t.index(['nas_id', 'status'], 'router_calls_nas_status_index')
      t.index(['target'], 'router_calls_target_index')
    })
  }

  async down() {
    this.schema.dropTable('router_calls')
  }
}
