/*
 * Customers (members) and their RADIUS accounts. Every action writes the customer row and the
 * RADIUS rows (through RadiusUserService) in one transaction: a failure on either side leaves
 * both as they were. Kicking queues Disconnects after the commit (RADIUS and API-mode routers).
 * Package changes and renewals are SubscriptionService's. After each commit, API-mode routers get
 * the change queued (DeviceSyncService). ExpireCustomersJob expires customers past their expiry.
 */
import { DateTime } from 'luxon'
import { CustomerStatus } from '#enums/customer_status'
import Customer, { type CustomerService as ServiceKind } from '#models/tenant/customer'
import type { CustomerRef } from '#plugins/contracts/device_driver'
import Package from '#models/tenant/package'
import { tenantContext } from '#tenancy/tenant_context'
import { inTenantTransaction } from '#radius/sql/tenant_db'
import { LOWER_UNAMBIGUOUS, randomText } from '#helpers/random_text'
import { sqlTimestamp } from '#helpers/sql_timestamp'
import { userSettingsOf } from '#services/package_radius_mapper'
import { RadiusUserService } from '#services/radius_user_service'
import type { DataTableColumn } from '#services/data_table_service'
import { DeferredPageQuery } from '#services/deferred_page_query'
import { DeviceSyncService } from '#services/device_sync_service'
import { SessionCoaService } from '#services/session_coa_service'
import {
  assertPackageFits,
  SubscriptionService,
  type ActorOptions,
} from '#services/subscription_service'

export { CustomerError, type ActorOptions } from '#services/subscription_service'

/** A customer's profile as an operator enters it (left out or null: none). */
export interface CustomerInput {
  fullName: string
  service: ServiceKind
  phone?: string | null
  email?: string | null
  address?: string | null
  latitude?: number | null
  longitude?: number | null
  notes?: string | null
  /** The only device allowed. */
  macAddress?: string | null
  staticIp?: string | null
}

/**
 * The customer list's DataTables columns (what the client may sort and search, and the SQL
 * column: each sortable one is indexed, see the customers migration) and default order.
 */
export const CUSTOMER_LIST: {
  columns: DataTableColumn[]
  defaultOrder: { column: string; direction: 'asc' | 'desc' }
} = {
  defaultOrder: { column: 'id', direction: 'desc' },
  columns: [
    { data: 'username', searchable: true, orderable: true },
    { data: 'fullName', column: 'full_name', searchable: true, orderable: true },
    { data: 'phone', searchable: true, orderable: true },
    { data: 'service', orderable: true },
    { data: 'package', column: 'package_id', orderable: true },
    { data: 'status', orderable: true },
    { data: 'expiresAt', column: 'expires_at', orderable: true },
  ],
}

/** A new customer: profile, login and first package. */
export interface NewCustomer extends CustomerInput {
  username: string
  /** Generated when not given. */
  password?: string | null
  packageId: number
}

/** List filters. */
export interface CustomerFilters {
  status?: CustomerStatus
  packageId?: number
  service?: ServiceKind
}

/** The profile with every optional field present (null for none). */
function profileOf(input: CustomerInput) {
  return {
    fullName: input.fullName,
    service: input.service,
    phone: input.phone ?? null,
    email: input.email ?? null,
    address: input.address ?? null,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    notes: input.notes ?? null,
    macAddress: input.macAddress ?? null,
    staticIp: input.staticIp ?? null,
  }
}

// No look-alikes (0/O, 1/l/I): passwords are read out over the phone.
/** A random password of `length` characters, easy to read out and type. */
export function generatePassword(length = 8): string {
  return randomText(LOWER_UNAMBIGUOUS, length)
}

/** Manages the bound tenant's customers and their RADIUS accounts. */
export class CustomerService {
  readonly #radius = new RadiusUserService()
  readonly #sessions = new SessionCoaService()
  readonly #subscriptions: SubscriptionService
  readonly #devices = new DeviceSyncService()
  readonly #clock: () => Date

  constructor(options: { clock?: () => Date } = {}) {
    this.#clock = options.clock ?? (() => new Date())
    this.#subscriptions = new SubscriptionService(options)
  }

  /**
   * The customer list with filters, as a query to page over: no join, and paged over ids first
   * (DeferredPageQuery), so every page stays fast at 100,000 customers.
   */
  listQuery(filters: CustomerFilters = {}) {
    const query = Customer.query()
    if (filters.status) query.where('status', filters.status)
    if (filters.packageId) query.where('package_id', filters.packageId)
    if (filters.service) query.where('service', filters.service)
    return new DeferredPageQuery(Customer, query)
  }

  /** Creates the customer and its RADIUS user on the package; returns it with its password. */
  async create(input: NewCustomer, options: ActorOptions = {}) {
    const pkg = await Package.findOrFail(input.packageId)
    assertPackageFits(pkg, input)
    const password = input.password || generatePassword()
    const now = this.#clock()
    const validity = userSettingsOf(pkg, now, this.#zone())
    const customer = await inTenantTransaction(undefined, async (trx) => {
      const row = await Customer.create(
        {
          ...profileOf(input),
          username: input.username,
          packageId: pkg.id,
          status: CustomerStatus.Active,
          startedAt: DateTime.fromJSDate(now),
          expiresAt: validity.expiration ? DateTime.fromJSDate(validity.expiration) : null,
          createdBy: options.actorId ?? null,
        },
        { client: trx }
      )
      await this.#radius.create(
        {
          username: input.username,
          password,
          groups: [pkg.groupName],
          allowedService: input.service,
          macAddress: input.macAddress ?? null,
          staticIp: input.staticIp ?? null,
          ...validity,
          // A device given by hand is the binding; the first login binds only without one.
          bindMacOnFirstLogin: input.macAddress ? null : validity.bindMacOnFirstLogin,
        },
        { trx }
      )
      await this.#subscriptions.record(trx, row, pkg, 'create', options)
      return row
    })
    await this.#devices.customerCreated(customer, password)
    return { customer, password }
  }

  /** Changes the profile, MAC binding and static IP. */
  async update(customer: Customer, input: CustomerInput): Promise<Customer> {
    const pkg = customer.packageId ? await Package.find(customer.packageId) : null
    const profile = profileOf(input)
    if (pkg) assertPackageFits(pkg, profile)
    const previous = { username: customer.username, service: customer.service }
    await inTenantTransaction(undefined, async (trx) => {
      customer.useTransaction(trx)
      customer.merge(profile)
      await customer.save()
      const { macAddress, staticIp, service } = profile
      await this.#radius.update(
        customer.username,
        { macAddress, staticIp, allowedService: service },
        { trx }
      )
    })
    await this.#syncDevices(customer, previous.service !== customer.service ? previous : undefined)
    return customer
  }

  /**
   * SubscriptionService.changePackage (same arguments and answer), then the routers: a change
   * at renewal touches nothing a router holds yet.
   */
  async changePackage(...args: Parameters<SubscriptionService['changePackage']>) {
    const queued = await this.#subscriptions.changePackage(...args)
    const [customer, , when] = args
    if (when === 'now') await this.#syncDevices(customer)
    return queued
  }

  /** Renews (SubscriptionService.extend), then routers: the package or status may change. */
  async extend(customer: Customer, periods = 1, options: ActorOptions = {}): Promise<Customer> {
    await this.#subscriptions.extend(customer, periods, options)
    await this.#devices.whenCommitted(options.trx, () => this.#syncDevices(customer))
    return customer
  }

  /** Sets the status (disable, enable, isolir, un-isolir) in the row and in RADIUS. */
  async setStatus(customer: Customer, status: CustomerStatus): Promise<Customer> {
    await this.#writeStatus(customer, status)
    return customer
  }

  /**
   * Expires the active customers whose validity has passed, as setStatus does it: RADIUS
   * Rb-Account-Status, and on API-mode routers the account disabled, which the drivers follow
   * by ending its sessions (no separate disconnect; RADIUS sessions past validity are
   * ExpireSessionsJob's). Expired, disabled and isolated customers are left alone, so running
   * it again changes nothing. Read in chunks by id over the (status, expires_at) index; stops
   * at `until` (the next run goes on). Returns how many.
   */
  async expireOverdue(options: { until?: Date; chunkSize?: number } = {}): Promise<number> {
    const limit = options.chunkSize ?? 500
    const cutoff = sqlTimestamp(DateTime.fromJSDate(this.#clock()))
    let expired = 0
    let afterId = 0
    while (!options.until || Date.now() < options.until.getTime()) {
      const due = await Customer.query()
        .where('status', CustomerStatus.Active)
        .where('expires_at', '<=', cutoff)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
      for (const customer of due) {
        if (await this.#writeStatus(customer, CustomerStatus.Expired, cutoff)) expired++
      }
      if (due.length < limit) break
      afterId = due[due.length - 1].id
    }
    return expired
  }

  /** Sets a new password (generated when not given) and returns it. */
  async resetPassword(customer: Customer, password?: string | null): Promise<string> {
    const next = password || generatePassword()
    await this.#radius.update(customer.username, { password: next })
    await this.#devices.customerChanged(customer, { password: next })
    return next
  }

  /** The customer's current password (from RADIUS: it is kept only there). */
  async passwordOf(customer: Customer): Promise<string | null> {
    const user = await this.#radius.find(customer.username)
    return user?.check.find((row) => row.attribute === 'Cleartext-Password')?.value ?? null
  }

  /**
   * Queues a Disconnect-Request for each open RADIUS session, and a disconnect on each API-mode
   * router (which keep no accounting here: each is asked whether the customer is online).
   * Returns how many requests were queued.
   */
  async kick(customer: Customer): Promise<number> {
    return (await this.#kickRadius(customer)) + (await this.#devices.disconnect(customer))
  }

  /**
   * Deletes the customer, its history and its RADIUS rows; accounting (radacct) and the auth
   * log stay. Its open sessions are disconnected.
   */
  async delete(customer: Customer): Promise<void> {
    await inTenantTransaction(undefined, async (trx) => {
      await this.#radius.delete(customer.username, { trx })
      await trx.from('subscriptions').where('customer_id', customer.id).delete()
      await trx.from('customers').where('id', customer.id).delete()
    })
    // Removing the account on an API-mode router logs it out there too.
    await this.#devices.customerRemoved(customer)
    await this.#kickRadius(customer)
  }

  /** What Support checks: status, validity, usage and whether the customer is online. */
  async validity(customer: Customer) {
    const [usage, sessions] = await Promise.all([
      this.#radius.usage(customer.username),
      this.#radius.openSessions(customer.username),
    ])
    return { status: customer.status, expiresAt: customer.expiresAt, usage, sessions }
  }

  /**
   * The status in the row and in RADIUS (one transaction), then the routers. With `expiredBy`,
   * only a row still active and expired by then changes: a renewal committed since the row was
   * read wins. Whether the status changed.
   */
  async #writeStatus(customer: Customer, status: CustomerStatus, expiredBy?: string) {
    const changed = await inTenantTransaction(undefined, async (trx) => {
      if (expiredBy !== undefined) {
        const claimed = await trx
          .from('customers')
          .where('id', customer.id)
          .where('status', CustomerStatus.Active)
          .where('expires_at', '<=', expiredBy)
          .update({ status })
        if (Number(claimed) === 0) return false
      }
      customer.useTransaction(trx)
      customer.status = status
      await customer.save()
      await this.#radius.setStatus(customer.username, status, { trx })
      return true
    })
    if (changed) await this.#syncDevices(customer)
    return changed
  }

  /** Queues a Disconnect-Request for each open RADIUS session; returns how many. */
  async #kickRadius(customer: Customer): Promise<number> {
    const sessions = await this.#sessions.openSessionsOf([customer.username])
    return this.#sessions.queue(sessions, { kind: 'disconnect' })
  }

  /** Queue the customer's account, as committed, for API-mode routers (password from RADIUS). */
  #syncDevices(customer: Customer, previous?: CustomerRef) {
    return this.#devices.customerChanged(customer, {
      password: () => this.passwordOf(customer),
      previous,
    })
  }

  #zone(): string {
    return tenantContext.require().tenant.timezone || 'UTC'
  }
}
