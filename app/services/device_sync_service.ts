/*
 * Keeps API-mode routers (NAS whose device plugin is not `radius`) in step with customers and
 * packages. Called after a change has committed: each router gets its calls through
 * RouterCallService, so one slow router never holds up the write or the other routers. A failure
 * to queue is logged and never undoes the change (the database stays the source of truth).
 */
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { CustomerStatus } from '#enums/customer_status'
import { PackageKind } from '#enums/package_kind'
import Nas from '#models/central/nas'
import type Customer from '#models/tenant/customer'
import Package from '#models/tenant/package'
import type {
  CustomerRef,
  DeviceCustomer,
  DevicePackage,
  DeviceService,
  RateLimit,
} from '#plugins/contracts/device_driver'
import {
  RouterCallService,
  type RouterCall,
  type RouterCallAction,
  type RouterCallArgs,
} from '#services/router_call_service'
import { tenantContext } from '#tenancy/tenant_context'

/** The device plugin of routers that ask the RADIUS server (nothing to push). */
const RADIUS_DRIVER = 'radius'

/** What a customer change needs besides the row. */
export interface CustomerSync {
  /** Its password, or how to read it (read only when some router needs it). */
  password: string | (() => Promise<string | null>)
  /** The username and service the routers knew it by, when they changed. */
  previous?: CustomerRef
}

/** A recorded call with its router's name, as the customer page lists it. */
export type NamedRouterCall = RouterCall & { nasName: string }

/** The router services a package serves: DHCP and hybrid packages serve both. */
export function servicesOf(kind: PackageKind): DeviceService[] {
  if (kind === PackageKind.Hotspot) return ['hotspot']
  if (kind === PackageKind.Pppoe) return ['pppoe']
  return ['hotspot', 'pppoe']
}

/** The package's rate limit in bits per second (packages keep kbit/s). */
export function rateLimitOfPackage(pkg: Package): RateLimit {
  const bps = (kbps: number | null) => (kbps ?? 0) * 1000
  const burst = pkg.burstUpKbps !== null || pkg.burstDownKbps !== null
  return {
    uploadBps: bps(pkg.rateUpKbps),
    downloadBps: bps(pkg.rateDownKbps),
    burst: burst
      ? {
          uploadBps: bps(pkg.burstUpKbps),
          downloadBps: bps(pkg.burstDownKbps),
          thresholdUploadBps: bps(pkg.burstThresholdUpKbps),
          thresholdDownloadBps: bps(pkg.burstThresholdDownKbps),
          timeSeconds: pkg.burstTimeSeconds ?? 0,
        }
      : null,
    priority: pkg.priority,
  }
}

/**
 * The package as the router profile of `service`, named after its group (`pkg-<id>`), which
 * never changes: renaming a package does not orphan its customers on the router.
 */
export function devicePackageOf(pkg: Package, service: DeviceService): DevicePackage {
  return {
    name: pkg.groupName,
    service,
    rateLimit: rateLimitOfPackage(pkg),
    sharedUsers: pkg.sharedUsers,
    addressPool: pkg.ipPool,
    // Validity is the billing's to end (status → disabled), not a per-session timer.
    sessionTimeoutSeconds: null,
    idleTimeoutSeconds: pkg.idleTimeoutSeconds,
    addressList: null,
  }
}

/** The customer as a router account; anything but active (isolir, expired, disabled) is off. */
export function deviceCustomerOf(
  customer: Customer,
  password: string,
  pkg: Package | null
): DeviceCustomer {
  return {
    username: customer.username,
    password,
    service: customer.service,
    packageName: pkg?.groupName ?? '',
    enabled: customer.status === CustomerStatus.Active,
    macAddress: customer.macAddress,
    ipAddress: customer.staticIp,
    comment: customer.fullName,
  }
}

/** Queues the router calls that follow customer and package changes of the bound tenant. */
export class DeviceSyncService {
  readonly #calls = new RouterCallService()

  /** The bound tenant's API-mode NAS (one query; none in the common RADIUS case). */
  async apiNas(): Promise<Pick<Nas, 'id' | 'name'>[]> {
    const { tenant } = tenantContext.require()
    return Nas.query()
      .where('tenant_id', tenant.id)
      .whereNot('driver', RADIUS_DRIVER)
      .orderBy('id')
      .select('id', 'name')
  }

  /** Run `work` once `trx` has committed, or now without one (a caller's trx commits later). */
  async whenCommitted(trx: TransactionClientContract | undefined, work: () => Promise<void>) {
    if (trx) trx.after('commit', work)
    else await work()
  }

  /** A new customer: its account on every API-mode router. */
  async customerCreated(customer: Customer, password: string): Promise<void> {
    await this.#pushCustomer(customer, { password }, 'addCustomer')
  }

  /**
   * A customer whose profile, password, status, MAC, static IP or package changed. When its
   * service changed, the old account goes first: a driver skips accounts not of its service.
   */
  async customerChanged(customer: Customer, sync: CustomerSync): Promise<void> {
    await this.#pushCustomer(customer, sync, 'updateCustomer')
  }

  /** A deleted customer: its account leaves every API-mode router. */
  async customerRemoved(customer: Customer): Promise<void> {
    const ref: CustomerRef = { username: customer.username, service: customer.service }
    await this.#safely(`remove customer ${customer.username}`, async () => {
      const routers = await this.apiNas()
      await this.#enqueue(routers, 'removeCustomer', [ref])
    })
  }

  /**
   * A created or changed package: its profile on every API-mode router, for each service it
   * serves; a service it no longer serves (its kind changed) loses the profile.
   */
  async packageSaved(pkg: Package, previousKind?: PackageKind): Promise<void> {
    await this.#safely(`push package ${pkg.groupName}`, async () => {
      const routers = await this.apiNas()
      if (routers.length === 0) return
      const services = servicesOf(pkg.kind)
      const dropped = previousKind ? servicesOf(previousKind) : []
      for (const service of dropped.filter((old) => !services.includes(old))) {
        await this.#enqueue(routers, 'removePackage', [{ name: pkg.groupName, service }])
      }
      const action = previousKind ? 'updatePackage' : 'addPackage'
      for (const service of services) {
        await this.#enqueue(routers, action, [devicePackageOf(pkg, service)])
      }
    })
  }

  /** A deleted package: its profiles leave every API-mode router. */
  async packageRemoved(pkg: Package): Promise<void> {
    await this.#safely(`remove package ${pkg.groupName}`, async () => {
      const routers = await this.apiNas()
      for (const service of routers.length ? servicesOf(pkg.kind) : []) {
        await this.#enqueue(routers, 'removePackage', [{ name: pkg.groupName, service }])
      }
    })
  }

  /** The customer's recent router calls, or null when the tenant has no API-mode router. */
  async callsOf(customer: Customer, limit = 10): Promise<NamedRouterCall[] | null> {
    const routers = await this.apiNas()
    if (routers.length === 0) return null
    const names = new Map(routers.map((nas) => [nas.id, nas.name]))
    const calls = await this.#calls.list({ target: customer.username }, limit)
    // A call to a NAS removed since keeps its number.
    return calls.map((call) => ({ ...call, nasName: names.get(call.nasId) ?? `#${call.nasId}` }))
  }

  async #pushCustomer(
    customer: Customer,
    sync: CustomerSync,
    action: 'addCustomer' | 'updateCustomer'
  ) {
    await this.#safely(`push customer ${customer.username}`, async () => {
      const routers = await this.apiNas()
      if (routers.length === 0) return
      const password = typeof sync.password === 'string' ? sync.password : await sync.password()
      const pkg = customer.packageId ? await Package.find(customer.packageId) : null
      const account = deviceCustomerOf(customer, password ?? '', pkg)
      const previous = sync.previous
      if (previous && previous.service !== account.service) {
        await this.#enqueue(routers, 'removeCustomer', [previous])
      }
      if (action === 'addCustomer') await this.#enqueue(routers, action, [account])
      else await this.#enqueue(routers, action, previous ? [account, previous] : [account])
    })
  }

  /** One call per router; a router whose call cannot be queued does not stop the others. */
  async #enqueue<A extends RouterCallAction>(
    routers: Pick<Nas, 'id' | 'name'>[],
    action: A,
    args: RouterCallArgs<A>
  ) {
    for (const nas of routers) {
      await this.#safely(`${action} on NAS #${nas.id}`, () =>
        this.#calls.enqueue({ nasId: nas.id, action, args }).then(() => undefined)
      )
    }
  }

  async #safely(what: string, work: () => Promise<void>) {
    try {
      await work()
    } catch (error) {
      logger.error({ err: error }, 'router sync: could not queue %s', what)
    }
  }
}
