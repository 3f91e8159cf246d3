import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Mid-session enforcement: a log of every CoA / Disconnect we sent (with the NAS's answer and
 * the accounting packet that confirmed it), and two columns of ours on radacct that make each
 * action happen once per session even when several servers handle its interim updates.
 * FreeRADIUS ignores columns it does not name.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('radius_enforcement_log', (t) => {
      t.bigIncrements('id')
      t.string('acctuniqueid', 32).notNullable()
      t.string('acctsessionid', 64).notNullable().defaultTo('')
      t.string('username', 64).notNullable().defaultTo('')
      t.integer('nas_id').unsigned().nullable()
      // quota-disconnect | fup-rate-limit | expiry-disconnect
      t.string('action', 32).notNullable()
      t.string('reason', 255).notNullable().defaultTo('')
      // ack | nak | timeout | error
      t.string('result', 16).notNullable()
      // RFC 5176 §3.5 Error-Cause of a NAK, or our error text.
      t.integer('error_cause').nullable()
      t.string('error', 255).nullable()
      t.dateTime('created_at').notNullable()
      // stop | interim | still-online: the accounting packet that followed an acknowledged action.
      t.string('confirmation', 16).nullable()
      t.dateTime('confirmed_at').nullable()
      t.index(['acctuniqueid'], 'radius_enforcement_log_acctuniqueid_index')
      t.index(['username'], 'radius_enforcement_log_username_index')
      t.index(['created_at'], 'radius_enforcement_log_created_at_index')
    })
    this.schema.alterTable('radacct', (t) => {
      // Ours: when the FUP rate was applied to the session, and when a Disconnect was last sent.
      t.dateTime('fup_applied_at').nullable()
      t.dateTime('disconnect_requested_at').nullable()
    })
  }

  async down() {
    this.schema.alterTable('radacct', (t) => {
      t.dropColumn('fup_applied_at')
      t.dropColumn('disconnect_requested_at')
    })
    this.schema.dropTable('radius_enforcement_log')
  }
}
