import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What NAS onboarding adds to the registry: the device driver, optional RouterOS API access
 * (password encrypted with APP_KEY), the WireGuard choice of the connection script, and the last
 * status the refresh job saw. Routing ignores all of it, so status writes bump no version.
 * The plan's router limit counts these rows per tenant (NasLimitPolicy).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('nas', (table) => {
      /** Device plugin name (plugin registry); `radius` is the default driver. */
      table.string('driver', 120).notNullable().defaultTo('radius')
      table.string('api_host', 253).nullable()
      table.integer('api_port').unsigned().nullable()
      table.string('api_username', 64).nullable()
      /** Encrypted with APP_KEY. */
      table.text('api_password').nullable()
      table.boolean('api_tls').notNullable().defaultTo(false)
      /** The router reaches the platform through a WireGuard tunnel (its address is `ip_address`). */
      table.boolean('wireguard').notNullable().defaultTo(false)

      /** online | offline | unknown */
      table.string('last_status', 10).notNullable().defaultTo('unknown')
      table.timestamp('last_status_at').nullable()
      table.string('last_status_reason', 255).nullable()
      /** Latest sign of life: a RADIUS packet, accounting, or an API answer. */
      table.timestamp('last_contact_at').nullable()
      table.string('router_version', 60).nullable()
      table.string('router_board', 100).nullable()
      table.bigInteger('router_uptime_seconds').unsigned().nullable()
      table.integer('router_cpu_load').unsigned().nullable()
      table.bigInteger('router_free_memory').unsigned().nullable()
      table.bigInteger('router_total_memory').unsigned().nullable()
      /** JSON: [{ name, rxBps, txBps }] from the last health check. */
      table.text('interface_rates').nullable()
    })
  }

  async down() {
    this.schema.alterTable('nas', (table) => {
      table.dropColumns(
        'driver',
        'api_host',
        'api_port',
        'api_username',
        'api_password',
        'api_tls',
        'wireguard',
        'last_status',
        'last_status_at',
        'last_status_reason',
        'last_contact_at',
        'router_version',
        'router_board',
        'router_uptime_seconds',
        'router_cpu_load',
        'router_free_memory',
        'router_total_memory',
        'interface_rates'
      )
    })
  }
}
