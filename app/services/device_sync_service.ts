/*
 * Keeps API-mode routers (NAS whose device plugin is not `radius`) in step with customers and
 * packages. Called after a change has committed: each router gets its calls through
 * RouterCallService, so one slow router never holds up the write or the other routers. A failure
 * to queue is logged and never undoes the change (the database stays the source of truth). A
 * router added in API mode, or switched to it, gets everything at once (pushAll, PushRouterJob).
 */
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { CustomerStatus } from '#enums/customer_status'
import { PackageKind } from '#enums/package_kind'
import Nas from '#models/central/nas'
import Customer from '#models/tenant/customer'
import Package from '#models/tenant/package'
import { Check } from '#radius/users/attribute_names'
import { tenantDb } from '#radius/sql/tenant_db'
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

/** A router the calls go to. */
type Router = Pick<Nas, 'id' | 'name'>

/** Whether `nas` is driven over its API (its device plugin is not `radius`). */
export function isApiMode(nas: Pick<Nas, 'driver'>): boolean {
  return nas.driver !== RADIUS_DRIVER
}

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
  async apiNas(): Promise<Router[]> {
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

  /**
   * Ends the customer's sessions on every API-mode router. Routers keep no accounting here, so
   * no session id is known: the driver ends every session of the username. Returns how many
   * routers were asked (each call's result shows on the customer page).
   */
  async disconnect(customer: Customer): Promise<number> {
    const session = { id: '', username: customer.username, address: null }
    return this.#enqueue(await this.apiNas(), 'disconnect', [session])
  }

  /**
   * A NAS just saved: one added with an API-mode driver, or switched to another one, holds none
   * of the tenant's packages and customers yet, so they are all pushed to it. A failure to
   * start the push is logged; the NAS page's button starts it again.
   */
  async nasSaved(nas: Nas, previousDriver?: string): Promise<void> {
    if (!isApiMode(nas) || nas.driver === previousDriver) return
    await this.#safely(`push everything to NAS #${nas.id}`, async () => {
      await this.pushAll(nas)
    })
  }

  /**
   * Queues every package and customer of the tenant for `nas` only, through PushRouterJob (in
   * chunks: a tenant may have 100,000 customers). Drivers upsert, so pushing to a router that
   * already holds some of them is safe. False, queuing nothing, for a RADIUS NAS.
   */
  async pushAll(nas: Pick<Nas, 'id' | 'tenantId' | 'driver'>): Promise<boolean> {
    if (!isApiMode(nas)) return false
    // Imported here: the job imports this service.
    const { default: PushRouterJob } = await import('#jobs/push_router_job')
    await PushRouterJob.dispatch({ tenantId: nas.tenantId, nasId: nas.id })
    return true
  }

  /** The bound tenant's NAS `nasId` while it is API-mode (null once removed or back on RADIUS). */
  async apiRouter(nasId: number): Promise<Router | null> {
    const routers = await this.apiNas()
    return routers.find((nas) => nas.id === nasId) ?? null
  }

  /**
   * PushRouterJob's first step: the profile of every package on sale, and of every retired one
   * that still has customers (theirs must exist before their accounts), for each service it
   * serves. Failures to queue are thrown: the job tries again.
   */
  async pushPackages(nas: Router): Promise<number> {
    const packages = await Package.query()
      .where('is_active', true)
      .orWhereExists((customers) =>
        customers.from('customers').whereColumn('customers.package_id', 'packages.id')
      )
      .orderBy('id')
    let queued = 0
    for (const pkg of packages) {
      for (const service of servicesOf(pkg.kind)) {
        await this.#calls.enqueue({
          nasId: nas.id,
          action: 'addPackage',
          args: [devicePackageOf(pkg, service)],
        })
        queued++
      }
    }
    return queued
  }

  /**
   * PushRouterJob's next steps: the account of each of up to `limit` customers after id
   * `afterId`, passwords read from RADIUS in one query. Resolves with the last id pushed when
   * more may follow, or null when this was the last chunk.
   */
  async pushCustomers(nas: Router, afterId: number, limit: number): Promise<number | null> {
    const customers = await Customer.query().where('id', '>', afterId).orderBy('id').limit(limit)
    if (customers.length === 0) return null
    const passwords = await this.#passwordsOf(customers.map((customer) => customer.username))
    const packageIds = new Set(customers.map((customer) => customer.packageId ?? 0))
    const packages = await Package.query().whereIn('id', [...packageIds])
    const packageById = new Map(packages.map((pkg) => [pkg.id, pkg]))
    for (const customer of customers) {
      const pkg = customer.packageId ? (packageById.get(customer.packageId) ?? null) : null
      const password = passwords.get(customer.username) ?? ''
      await this.#calls.enqueue({
        nasId: nas.id,
        action: 'addCustomer',
        args: [deviceCustomerOf(customer, password, pkg)],
      })
    }
    return customers.length < limit ? null : customers[customers.length - 1].id
  }

  /** How many calls to `nasId` wait (queued or running) and how many failed. */
  async callCounts(nasId: number): Promise<{ queued: number; failed: number }> {
    const { client } = tenantDb()
    const rows = await client
      .from('router_calls')
      .where('nas_id', nasId)
      .whereIn('status', ['queued', 'running', 'failed'])
      .groupBy('status')
      .select('status')
      .count('* as total')
    const count = (...statuses: string[]) =>
      rows
        .filter((row) => statuses.includes(row.status))
        .reduce((sum, row) => sum + Number(row.total), 0)
    return { queued: count('queued', 'running'), failed: count('failed') }
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

  /**
   * One call per router; a router whose call cannot be queued does not stop the others.
   * Resolves with how many were queued.
   */
  async #enqueue<A extends RouterCallAction>(
    routers: Router[],
    action: A,
    args: RouterCallArgs<A>
  ): Promise<number> {
    let queued = 0
    for (const nas of routers) {
      await this.#safely(`${action} on NAS #${nas.id}`, async () => {
        await this.#calls.enqueue({ nasId: nas.id, action, args })
        queued++
      })
    }
    return queued
  }

  /** The cleartext passwords of `usernames`, from RADIUS (they are kept only there). */
  async #passwordsOf(usernames: string[]): Promise<Map<string, string>> {
    const rows = await tenantDb()
      .client.from('radcheck')
      .whereIn('username', usernames)
      .where('attribute', Check.Password)
      .select('username', 'value')
    return new Map(rows.map((row) => [row.username as string, row.value as string]))
  }

  async #safely(what: string, work: () => Promise<void>) {
    try {
      await work()
    } catch (error) {
      logger.error({ err: error }, 'router sync: could not queue %s', what)
    }
  }
}
