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

const USERS = '/ip/hotspot/user'
const PROFILES = '/ip/hotspot/user/profile'
const ACTIVE = '/ip/hotspot/active'

/** Settings of the driver (see the manifest in index.ts). */
export interface HotspotSettings extends RouterOsDriverSettings {
  /** `all`, or the hotspot server the users belong to. */
  hotspotServer: string
  /** Profile of a customer without a package name. */
  defaultProfile: string
}

/**
 * Hotspot users and user profiles pushed over the RouterOS API, for routers that do not ask a
 * RADIUS server. Pushes are upserts, safe to retry. PPPoE customers and packages are not this
 * driver's: those calls succeed without touching the router.
 */
export class HotspotDriver extends RouterOsDeviceDriver implements DeviceDriver {
  #hotspot: HotspotSettings

  constructor(settings: HotspotSettings) {
    super(settings)
    this.#hotspot = settings
  }

  async addCustomer(ctx: DeviceContext, customer: DeviceCustomer): Promise<void> {
    await this.updateCustomer(ctx, customer)
  }

  /** Upsert the user; a disabled one (expired, suspended) is also logged out. */
  async updateCustomer(ctx: DeviceContext, customer: DeviceCustomer, previous?: CustomerRef) {
    if (customer.service !== 'hotspot') return
    await this.withRouter(ctx, async (client) => {
      await this.upsert(client, USERS, previous?.username ?? customer.username, {
        'name': customer.username,
        'password': customer.password,
        'profile': customer.packageName || this.#hotspot.defaultProfile,
        'server': this.#hotspot.hotspotServer || 'all',
        'mac-address': customer.macAddress,
        'address': customer.ipAddress,
        'comment': customer.comment,
        'disabled': !customer.enabled,
      })
      if (!customer.enabled) {
        await this.kick(client, ACTIVE, { user: previous?.username ?? customer.username })
      }
    })
  }

  /** Remove the user and log it out. */
  async removeCustomer(ctx: DeviceContext, customer: CustomerRef): Promise<void> {
    if (customer.service !== 'hotspot') return
    await this.withRouter(ctx, async (client) => {
      await this.removeNamed(client, USERS, customer.username)
      await this.kick(client, ACTIVE, { user: customer.username })
    })
  }

  async addPackage(ctx: DeviceContext, pkg: DevicePackage): Promise<void> {
    await this.updatePackage(ctx, pkg)
  }

  /** Upsert the user profile: rate limit, shared users, address pool, timeouts. */
  async updatePackage(ctx: DeviceContext, pkg: DevicePackage, previous?: PackageRef) {
    if (pkg.service !== 'hotspot') return
    await this.withRouter(ctx, async (client) => {
      await this.upsert(client, PROFILES, previous?.name ?? pkg.name, {
        'name': pkg.name,
        'rate-limit': formatRateLimit(pkg.rateLimit),
        'shared-users': pkg.sharedUsers ?? 'unlimited',
        'address-pool': pkg.addressPool ?? 'none',
        'session-timeout': formatDuration(pkg.sessionTimeoutSeconds ?? 0),
        'idle-timeout': pkg.idleTimeoutSeconds ? formatDuration(pkg.idleTimeoutSeconds) : 'none',
        'address-list': pkg.addressList ?? '',
      })
    })
  }

  async removePackage(ctx: DeviceContext, pkg: PackageRef): Promise<void> {
    if (pkg.service !== 'hotspot') return
    await this.withRouter(ctx, (client) => this.removeNamed(client, PROFILES, pkg.name))
  }

  /** The hotspot's active sessions (of the configured server only, when one is set). */
  async listOnline(ctx: DeviceContext): Promise<OnlineSession[]> {
    const server = this.#hotspot.hotspotServer
    const rows = await this.withRouter(ctx, (client) =>
      client.print(ACTIVE, {
        where: server && server !== 'all' ? { server } : {},
        proplist: ['.id', 'user', 'address', 'mac-address', 'uptime', 'bytes-in', 'bytes-out'],
      })
    )
    return rows.map((row) => ({
      id: row['.id'],
      username: row.user,
      address: row.address ?? null,
      macAddress: row['mac-address'] ?? null,
      uptimeSeconds: parseDuration(row.uptime),
      // bytes-in is what the router received from the customer, as RADIUS counts it.
      bytesIn: Number(row['bytes-in'] ?? 0),
      bytesOut: Number(row['bytes-out'] ?? 0),
    }))
  }

  /** Log out a session (by id, or all of the user's when the id is gone). */
  async disconnect(ctx: DeviceContext, session: SessionTarget): Promise<DisconnectResult> {
    return this.withRouter(ctx, (client) => this.endSession(client, ACTIVE, 'user', session))
  }
}
