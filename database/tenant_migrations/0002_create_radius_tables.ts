import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * FreeRADIUS-compatible RADIUS tables (names, columns and types of FreeRADIUS 3's MySQL schema),
 * so an operator could point a FreeRADIUS at a tenant database. Extra columns are nullable and
 * only ours (FreeRADIUS names the columns it writes). Counters are totals including Gigawords.
 */
export default class extends BaseSchema {
  async up() {
    for (const table of ['radcheck', 'radreply'] as const) {
      this.schema.createTable(table, (t) => {
        t.increments('id')
        t.string('username', 64).notNullable().defaultTo('')
        t.string('attribute', 64).notNullable().defaultTo('')
        t.string('op', 2)
          .notNullable()
          .defaultTo(table === 'radcheck' ? '==' : '=')
        t.string('value', 253).notNullable().defaultTo('')
        t.index(['username'], `${table}_username_index`)
      })
    }
    for (const table of ['radgroupcheck', 'radgroupreply'] as const) {
      this.schema.createTable(table, (t) => {
        t.increments('id')
        t.string('groupname', 64).notNullable().defaultTo('')
        t.string('attribute', 64).notNullable().defaultTo('')
        t.string('op', 2)
          .notNullable()
          .defaultTo(table === 'radgroupcheck' ? '==' : '=')
        t.string('value', 253).notNullable().defaultTo('')
        t.index(['groupname'], `${table}_groupname_index`)
      })
    }
    this.schema.createTable('radusergroup', (t) => {
      t.increments('id')
      t.string('username', 64).notNullable().defaultTo('')
      t.string('groupname', 64).notNullable().defaultTo('')
      t.integer('priority').notNullable().defaultTo(1)
      t.index(['username'], 'radusergroup_username_index')
    })
    this.schema.createTable('radacct', (t) => {
      t.bigIncrements('radacctid')
      t.string('acctsessionid', 64).notNullable().defaultTo('')
      t.string('acctuniqueid', 32).notNullable().defaultTo('').unique()
      t.string('username', 64).notNullable().defaultTo('')
      t.string('realm', 64).defaultTo('')
      t.string('nasipaddress', 45).notNullable().defaultTo('')
      t.string('nasportid', 32).nullable()
      t.string('nasporttype', 32).nullable()
      t.dateTime('acctstarttime').nullable()
      t.dateTime('acctupdatetime').nullable()
      t.dateTime('acctstoptime').nullable()
      t.integer('acctinterval').nullable()
      t.integer('acctsessiontime').unsigned().nullable()
      t.string('acctauthentic', 32).nullable()
      t.string('connectinfo_start', 128).nullable()
      t.string('connectinfo_stop', 128).nullable()
      t.bigInteger('acctinputoctets').nullable()
      t.bigInteger('acctoutputoctets').nullable()
      t.string('calledstationid', 50).notNullable().defaultTo('')
      t.string('callingstationid', 50).notNullable().defaultTo('')
      t.string('acctterminatecause', 32).notNullable().defaultTo('')
      t.string('servicetype', 32).nullable()
      t.string('framedprotocol', 32).nullable()
      t.string('framedipaddress', 45).notNullable().defaultTo('')
      t.string('framedipv6address', 45).notNullable().defaultTo('')
      t.string('framedipv6prefix', 45).notNullable().defaultTo('')
      t.string('framedinterfaceid', 44).notNullable().defaultTo('')
      t.string('delegatedipv6prefix', 45).notNullable().defaultTo('')
      t.string('class', 64).nullable()
      // Ours: which NAS (central id) the session is on, for Accounting-On/Off and CoA.
      t.integer('nas_id').unsigned().nullable()
      t.index(['username'], 'radacct_username_index')
      t.index(['framedipaddress'], 'radacct_framedipaddress_index')
      t.index(['acctsessionid'], 'radacct_acctsessionid_index')
      t.index(['acctsessiontime'], 'radacct_acctsessiontime_index')
      t.index(['acctstarttime'], 'radacct_acctstarttime_index')
      t.index(['acctinterval'], 'radacct_acctinterval_index')
      t.index(['acctstoptime'], 'radacct_acctstoptime_index')
      t.index(['nasipaddress'], 'radacct_nasipaddress_index')
      t.index(['class'], 'radacct_class_index')
      // Open sessions of a user (simultaneous use) and of a NAS (Accounting-On/Off, stuck sweep).
      t.index(['username', 'acctstoptime'], 'radacct_open_by_user_index')
      t.index(['nas_id', 'acctstoptime'], 'radacct_open_by_nas_index')
      t.index(['acctstoptime', 'acctupdatetime'], 'radacct_stale_index')
    })
    this.schema.createTable('radpostauth', (t) => {
      t.bigIncrements('id')
      t.string('username', 64).notNullable().defaultTo('')
      t.string('pass', 64).notNullable().defaultTo('')
      t.string('reply', 32).notNullable().defaultTo('')
      t.dateTime('authdate', { precision: 6 }).notNullable()
      t.string('class', 64).nullable()
      // Ours: the human-readable reason of a reject, and where the request came from.
      t.string('reason', 255).nullable()
      t.string('nasipaddress', 45).nullable()
      t.string('callingstationid', 50).nullable()
      t.index(['username'], 'radpostauth_username_index')
      t.index(['authdate'], 'radpostauth_authdate_index')
    })
  }

  async down() {
    for (const table of [
      'radpostauth',
      'radacct',
      'radusergroup',
      'radgroupreply',
      'radgroupcheck',
      'radreply',
      'radcheck',
    ]) {
      this.schema.dropTable(table)
    }
  }
}
