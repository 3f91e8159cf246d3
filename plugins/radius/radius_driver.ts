import type {
  ConnectionTest,
  DeviceContext,
  DeviceDriver,
  DeviceHealth,
  DisconnectResult,
  OnlineSession,
  SessionTarget,
} from '../../app/plugins/contracts/device_driver.js'
import type { PluginServices } from '../../app/plugins/contracts/services.js'
import { DeviceError } from '../../app/plugins/errors.js'

/** Settings of the driver (see the manifest in index.ts). */
export interface RadiusSettings {
  onlineWindowMinutes: number
}

/** A radacct DATETIME: a Date from mysql2, UTC text from SQLite. */
function parseSqlTime(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null
  return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`)
}

/**
 * Customers and packages live in the tenant's RADIUS tables, which the RADIUS server reads at
 * every Access-Request: there is nothing to push to the router, so those calls succeed without
 * doing anything. Sessions come from open `radacct` rows of the NAS; disconnects are RFC 5176
 * Disconnect-Requests; reachability is judged by how recently the NAS sent accounting.
 */
export class RadiusDriver implements DeviceDriver {
  #windowMs: number
  #services: PluginServices

  constructor(settings: RadiusSettings, services: PluginServices) {
    this.#windowMs = settings.onlineWindowMinutes * 60_000
    this.#services = services
  }

  async addCustomer(): Promise<void> {}
  async updateCustomer(): Promise<void> {}
  async removeCustomer(): Promise<void> {}
  async addPackage(): Promise<void> {}
  async updatePackage(): Promise<void> {}
  async removePackage(): Promise<void> {}

  async listOnline(ctx: DeviceContext): Promise<OnlineSession[]> {
    const rows = await this.#services
      .db()
      .from('radacct')
      .where('nas_id', ctx.nas.id)
      .whereNull('acctstoptime')
      .orderBy('acctstarttime', 'desc')
      .select(
        'acctsessionid',
        'username',
        'framedipaddress',
        'callingstationid',
        'acctstarttime',
        'acctsessiontime',
        'acctinputoctets',
        'acctoutputoctets'
      )
    const now = Date.now()
    return rows.map((row) => {
      const startedAt = parseSqlTime(row.acctstarttime)
      return {
        id: String(row.acctsessionid),
        username: String(row.username),
        address: row.framedipaddress || null,
        // MikroTik puts the client's MAC in Calling-Station-Id for hotspot and PPPoE.
        macAddress: row.callingstationid || null,
        uptimeSeconds: startedAt
          ? Math.max(0, Math.floor((now - startedAt.getTime()) / 1000))
          : Number(row.acctsessiontime ?? 0),
        bytesIn: Number(row.acctinputoctets ?? 0),
        bytesOut: Number(row.acctoutputoctets ?? 0),
      }
    })
  }

  async disconnect(ctx: DeviceContext, session: SessionTarget): Promise<DisconnectResult> {
    const result = await this.#services.coa.disconnect({
      nas: ctx.nas,
      username: session.username,
      acctSessionId: session.id,
      framedIpAddress: session.address ?? null,
    })
    if (result.timedOut) {
      throw new DeviceError(
        `${ctx.nas.name} did not answer the Disconnect-Request on port ${ctx.nas.coaPort}: check /radius incoming on the router`,
        'E_DEVICE_UNREACHABLE'
      )
    }
    if (result.acknowledged) return { disconnected: true, message: 'Disconnect-ACK' }
    const cause = result.errorCause ? ` (Error-Cause ${result.errorCause})` : ''
    return { disconnected: false, message: `Disconnect-NAK${cause}` }
  }

  async testConnection(ctx: DeviceContext): Promise<ConnectionTest> {
    const started = performance.now()
    const lastSeen = await this.#lastActivity(ctx)
    const latencyMs = Math.round(performance.now() - started)
    if (!lastSeen) {
      return {
        ok: false,
        message: `No RADIUS traffic from ${ctx.nas.name} yet: run the connection script on the router`,
        latencyMs,
      }
    }
    const seconds = Math.max(0, Math.round((Date.now() - lastSeen.getTime()) / 1000))
    const ago = seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min`
    return {
      ok: this.#online(lastSeen),
      message: `Last RADIUS traffic from ${ctx.nas.name} ${ago} ago`,
      latencyMs,
    }
  }

  async health(ctx: DeviceContext): Promise<DeviceHealth> {
    // RADIUS tells whether the router talks to us, not how it is doing.
    return {
      online: this.#online(await this.#lastActivity(ctx)),
      version: null,
      board: null,
      uptimeSeconds: null,
      cpuLoadPercent: null,
      freeMemoryBytes: null,
      totalMemoryBytes: null,
      interfaces: [],
    }
  }

  #online(lastSeen: Date | null) {
    return lastSeen !== null && Date.now() - lastSeen.getTime() <= this.#windowMs
  }

  /** The latest of the NAS's last packet and its last accounting start or interim update. */
  async #lastActivity(ctx: DeviceContext): Promise<Date | null> {
    const row = await this.#services
      .db()
      .from('radacct')
      .where('nas_id', ctx.nas.id)
      .max('acctupdatetime as updated')
      .max('acctstarttime as started')
      .first()
    const times = [
      ctx.nas.lastSeenAt ?? null,
      parseSqlTime(row?.updated),
      parseSqlTime(row?.started),
    ]
    const known = times.filter((time): time is Date => time !== null)
    return known.length ? new Date(Math.max(...known.map((time) => time.getTime()))) : null
  }
}
