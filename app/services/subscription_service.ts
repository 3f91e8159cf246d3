/*
 * A customer's subscription: package changes (now or at renewal), renewals, and the history of
 * both. Like every customer action, the customer row, the RADIUS rows and the history entry
 * change in one transaction.
 */
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { CustomerStatus } from '#enums/customer_status'
import { PackageKind } from '#enums/package_kind'
import type Customer from '#models/tenant/customer'
import type { CustomerService as ServiceKind } from '#models/tenant/customer'
import Package from '#models/tenant/package'
import Subscription, { type SubscriptionAction } from '#models/tenant/subscription'
import { tenantContext } from '#tenancy/tenant_context'
import { inTenantTransaction } from '#radius/sql/tenant_db'
import { expiryFrom, rateLimitOf } from '#services/package_radius_mapper'
import { RadiusUserService } from '#services/radius_user_service'
import { SessionCoaService } from '#services/session_coa_service'

/** Who acts, for the history; `trx` joins the caller's transaction (e.g. a cash sale's). */
export interface ActorOptions {
  actorId?: number | null
  trx?: TransactionClientContract
}

/** Why a customer action was refused. */
export class CustomerError extends Error {
  constructor(
    message: string,
    readonly code: 'E_CUSTOMER_PACKAGE_MISMATCH' | 'E_CUSTOMER_STATIC_IP_REQUIRED',
    readonly field: string
  ) {
    super(message)
    this.name = 'CustomerError'
  }
}

/**
 * Refuses a package the customer cannot have: a hotspot package is for hotspot customers,
 * PPPoE for PPPoE, DHCP and hybrid for both; a static-IP package needs the customer's IP.
 */
export function assertPackageFits(
  pkg: Package,
  input: { service: ServiceKind; staticIp?: string | null }
): void {
  const kind: string = pkg.kind
  if ((kind === PackageKind.Hotspot || kind === PackageKind.Pppoe) && kind !== input.service) {
    throw new CustomerError(
      `Package "${pkg.name}" is for ${kind} customers`,
      'E_CUSTOMER_PACKAGE_MISMATCH',
      'packageId'
    )
  }
  if (pkg.staticIp && !input.staticIp) {
    throw new CustomerError(
      `Package "${pkg.name}" gives each customer a static IP: enter one`,
      'E_CUSTOMER_STATIC_IP_REQUIRED',
      'staticIp'
    )
  }
}

/** Changes and renews the bound tenant's customers' subscriptions. */
export class SubscriptionService {
  readonly #radius = new RadiusUserService()
  readonly #sessions = new SessionCoaService()
  readonly #clock: () => Date

  constructor(options: { clock?: () => Date } = {}) {
    this.#clock = options.clock ?? (() => new Date())
  }

  /**
   * Moves the customer to another package: now (new group, validity kept, online sessions get
   * the new rate) or at the next renewal. Returns how many sessions were queued for a CoA.
   */
  async changePackage(
    customer: Customer,
    packageId: number,
    when: 'now' | 'renewal',
    options: ActorOptions = {}
  ): Promise<number> {
    const pkg = await Package.findOrFail(packageId)
    assertPackageFits(pkg, customer)
    await inTenantTransaction(undefined, async (trx) => {
      customer.useTransaction(trx)
      if (when === 'renewal') {
        customer.nextPackageId = pkg.id
      } else {
        customer.packageId = pkg.id
        customer.nextPackageId = null
        await this.#radius.setGroups(customer.username, [pkg.groupName], { trx })
      }
      await customer.save()
      const action = when === 'now' ? 'change' : 'scheduled_change'
      await this.record(trx, customer, pkg, action, options)
    })
    if (when === 'renewal') return 0
    const sessions = await this.#sessions.openSessionsOf([customer.username])
    return this.#sessions.queue(sessions, {
      kind: 'rate-limit',
      rateLimit: rateLimitOf(pkg),
      fupRateLimit: null,
    })
  }

  /**
   * Renews for `periods` validity periods of the package (the pending one, when a change was
   * scheduled), counted from the current expiry or from now when already expired. An expired
   * or isolated customer becomes active; a disabled one stays disabled.
   */
  async extend(customer: Customer, periods = 1, options: ActorOptions = {}): Promise<Customer> {
    await inTenantTransaction(options.trx, async (trx) => {
      const pkg = await Package.findOrFail(customer.nextPackageId ?? customer.packageId, {
        client: trx,
      })
      assertPackageFits(pkg, customer)
      const now = this.#clock()
      const current = customer.expiresAt?.toJSDate()
      const from = current && current > now ? current : now
      let expiry = from
      for (let period = 0; period < periods; period++) {
        expiry = expiryFrom(pkg, expiry, this.#zone())
      }
      customer.useTransaction(trx)
      if (customer.packageId !== pkg.id) {
        await this.#radius.setGroups(customer.username, [pkg.groupName], { trx })
      }
      customer.merge({ packageId: pkg.id, nextPackageId: null })
      customer.expiresAt = DateTime.fromJSDate(expiry)
      await this.#radius.update(
        customer.username,
        { expiration: expiry, accessPeriod: null },
        { trx }
      )
      if (customer.status === CustomerStatus.Expired || customer.status === CustomerStatus.Isolir) {
        customer.status = CustomerStatus.Active
        await this.#radius.setStatus(customer.username, 'active', { trx })
      }
      await customer.save()
      await this.record(trx, customer, pkg, 'renew', options, {
        price: pkg.price * periods,
        startsAt: from,
      })
    })
    return customer
  }

  /** History, newest first. */
  history(customer: Customer) {
    return Subscription.query().where('customer_id', customer.id).orderBy('id', 'desc').limit(50)
  }

  /** Appends a history entry (inside the action's transaction). */
  async record(
    trx: TransactionClientContract,
    customer: Customer,
    pkg: Package,
    action: SubscriptionAction,
    options: ActorOptions,
    extra: { price?: number; startsAt?: Date } = {}
  ) {
    await Subscription.create(
      {
        customerId: customer.id,
        packageId: pkg.id,
        packageName: pkg.name,
        price: extra.price ?? (action === 'create' ? pkg.price : 0),
        action,
        startsAt: DateTime.fromJSDate(extra.startsAt ?? this.#clock()),
        expiresAt: customer.expiresAt,
        createdBy: options.actorId ?? null,
      },
      { client: trx }
    )
  }

  #zone(): string {
    return tenantContext.require().tenant.timezone || 'UTC'
  }
}
