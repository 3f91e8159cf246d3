import type {
  CustomerRef,
  DeviceContext,
  DeviceCustomer,
  DeviceDriver,
  DevicePackage,
  DisconnectResult,
  OnlineSession,
  PackageRef,
  SessionTarget,
} from '../../app/plugins/contracts/device_driver.js'
import {
  RouterOsDeviceDriver,
  type RouterOsDriverSettings,
} from '../../app/devices/routeros/routeros_device_driver.js'
import {
  formatDuration,
  formatRateLimit,
  parseDuration,
} from '../../app/devices/routeros/routeros_values.js'

const SECRETS = '/ppp/secret'
const PROFILES = '/ppp/profile'
const ACTIVE = '/ppp/active'

/** Settings of the driver (see the manifest in index.ts). */
export interface PppoeSettings extends RouterOsDriverSettings {
  /** Profile of a customer without a package name. */
  defaultProfile: string
}

/** `only-one` of a PPP profile: PPP has no "n shared users", only one login or any number. */
function onlyOne(sharedUsers: number | null): string {
  if (sharedUsers === null) return 'default'
  return sharedUsers === 1 ? 'yes' : 'no'
}

/**
 * PPP secrets and profiles pushed over the RouterOS API, for routers that do not ask a RADIUS
 * server. Pushes are upserts, safe to retry. Hotspot customers and packages are not this
 * driver's: those calls succeed without touching the router.
 */
export class PppoeDriver extends RouterOsDeviceDriver implements DeviceDriver {
  #ppp: PppoeSettings

  constructor(settings: PppoeSettings) {
    super(settings)
    this.#ppp = settings
  }

  async addCustomer(ctx: DeviceContext, customer: DeviceCustomer): Promise<void> {
    await this.updateCustomer(ctx, customer)
  }

  /**
   * Upsert the secret. Disabling it (expiry, suspension) does not end a running session, so the
   * active session is removed after it: the client's redial is then refused.
   */
  async updateCustomer(ctx: DeviceContext, customer: DeviceCustomer, previous?: CustomerRef) {
    if (customer.service !== 'pppoe') return
    await this.withRouter(ctx, async (client) => {
      await this.upsert(client, SECRETS, previous?.username ?? customer.username, {
        'name': customer.username,
        'password': customer.password,
        'service': 'pppoe',
        'profile': customer.packageName || this.#ppp.defaultProfile,
        'remote-address': customer.ipAddress,
        'caller-id': customer.macAddress,
        'comment': customer.comment,
        'disabled': !customer.enabled,
      })
      if (!customer.enabled) {
        await this.kick(client, ACTIVE, { name: previous?.username ?? customer.username })
      }
    })
  }

  /** Remove the secret, then its running session. */
  async removeCustomer(ctx: DeviceContext, customer: CustomerRef): Promise<void> {
    if (customer.service !== 'pppoe') return
    await this.withRouter(ctx, async (client) => {
      await this.removeNamed(client, SECRETS, customer.username)
      await this.kick(client, ACTIVE, { name: customer.username })
    })
  }

  async addPackage(ctx: DeviceContext, pkg: DevicePackage): Promise<void> {
    await this.updatePackage(ctx, pkg)
  }

  /** Upsert the PPP profile: rate limit, pool, one login or several, timeouts. */
  async updatePackage(ctx: DeviceContext, pkg: DevicePackage, previous?: PackageRef) {
    if (pkg.service !== 'pppoe') return
    await this.withRouter(ctx, (client) =>
      this.upsert(client, PROFILES, previous?.name ?? pkg.name, {
        'name': pkg.name,
        'rate-limit': formatRateLimit(pkg.rateLimit),
        'remote-address': pkg.addressPool,
        'only-one': onlyOne(pkg.sharedUsers),
        'session-timeout': formatDuration(pkg.sessionTimeoutSeconds ?? 0),
        'idle-timeout': formatDuration(pkg.idleTimeoutSeconds ?? 0),
        'address-list': pkg.addressList ?? '',
      })
    )
  }

  async removePackage(ctx: DeviceContext, pkg: PackageRef): Promise<void> {
    if (pkg.service !== 'pppoe') return
    await this.withRouter(ctx, (client) => this.removeNamed(client, PROFILES, pkg.name))
  }

  /**
   * Running PPPoE sessions. Their byte counters are not in /ppp/active but on each session's
   * dynamic `<pppoe-NAME>` interface, read in one more call.
   */
  async listOnline(ctx: DeviceContext): Promise<OnlineSession[]> {
    return this.withRouter(ctx, async (client) => {
      const sessions = await client.print(ACTIVE, {
        where: { service: 'pppoe' },
        proplist: ['.id', 'name', 'address', 'caller-id', 'uptime'],
      })
      if (sessions.length === 0) return []
      const counters = await client.print('/interface', {
        where: { type: 'pppoe-in' },
        proplist: ['name', 'rx-byte', 'tx-byte'],
      })
      const byName = new Map(counters.map((row) => [row.name, row]))
      return sessions.map((row) => {
        const iface = byName.get(`<pppoe-${row.name}>`)
        return {
          id: row['.id'],
          username: row.name,
          address: row.address ?? null,
          macAddress: row['caller-id'] || null,
          uptimeSeconds: parseDuration(row.uptime),
          // rx on the session's interface is what the customer sent: RADIUS's input octets.
          bytesIn: Number(iface?.['rx-byte'] ?? 0),
          bytesOut: Number(iface?.['tx-byte'] ?? 0),
        }
      })
    })
  }

  /** End a session (by id, or all of the user's when the id is gone). */
  async disconnect(ctx: DeviceContext, session: SessionTarget): Promise<DisconnectResult> {
    return this.withRouter(ctx, (client) => this.endSession(client, ACTIVE, 'name', session))
  }
}
