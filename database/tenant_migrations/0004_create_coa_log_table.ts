import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Every CoA-Request and Disconnect-Request sent to a NAS (RFC 5176): who asked, for which
 * session, what changed and how the NAS answered (ACK, NAK with Error-Cause, or silence).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('coa_log', (t) => {
      t.bigIncrements('id')
      /** Central `nas.id` the request was sent to. */
      t.integer('nas_id').unsigned().notNullable()
      /** disconnect | coa */
      t.string('action', 16).notNullable()
      t.string('username', 64).notNullable()
      t.string('acct_session_id', 64).notNullable()
      t.string('framed_ip_address', 45).nullable()
      /** The attributes a CoA-Request changed, as JSON. */
      t.text('attributes').nullable()
      /** ack | nak | timeout | error */
      t.string('result', 16).notNullable()
      /** RFC 5176 §3.5 Error-Cause of a NAK. */
      t.integer('error_cause').unsigned().nullable()
      t.integer('attempts').unsigned().notNullable()
      /** Who asked: a staff member, a job, the enforcement of a quota. */
      t.string('actor', 120).nullable()
      t.integer('duration_ms').unsigned().notNullable()
      t.dateTime('created_at').notNullable()
      t.index(['username'], 'coa_log_username_index')
      t.index(['created_at'], 'coa_log_created_at_index')
    })
  }

  async down() {
    this.schema.dropTable('coa_log')
  }
}
