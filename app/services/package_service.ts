/*
 * The package builder's rules and writes. Every package is a RADIUS group: its radgroupcheck /
 * radgroupreply rows (PackageRadiusMapper) are rewritten in the same transaction as the package
 * row, so the RADIUS server never sees a package half changed. Once committed, API-mode routers
 * get the profile queued (DeviceSyncService).
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { PackageKind } from '#enums/package_kind'
import Package from '#models/tenant/package'
import { inTenantTransaction, tenantDb } from '#radius/sql/tenant_db'
import { ISOLIR_GROUP } from '#radius/users/attribute_names'
import { radiusGroupsChanged } from '#radius/users/auth_profile_cache'
import { isRateLimit } from '#radius/users/rate_limit'
import {
  fupRateLimitOf,
  groupRowsOf,
  isolirRowsOf,
  rateLimitOf,
  type GroupRows,
  type IsolirProfile,
  type PackageProfile,
} from '#services/package_radius_mapper'
import { DeviceSyncService } from '#services/device_sync_service'
import { SessionCoaService } from '#services/session_coa_service'

/** Everything an operator sets on a package (rates kbit/s, sizes bytes, times seconds). */
export type PackageInput = PackageProfile &
  Pick<
    Package,
    | 'name'
    | 'description'
    | 'price'
    | 'resellerPrice'
    | 'staticIp'
    | 'purchasableOnline'
    | 'isActive'
  >

/** What a package must be given; every optional limit (burst, quotas, FUP, pool…) starts off. */
export type PackageEssentials = Pick<
  PackageInput,
  'name' | 'kind' | 'price' | 'rateUpKbps' | 'rateDownKbps' | 'validityUnit' | 'validityValue'
>

/** A whole package input from its essentials, limits off, then `extra` on top. */
export function packageInputOf(
  essentials: PackageEssentials,
  extra: Partial<PackageInput> = {}
): PackageInput {
  return {
    description: null,
    resellerPrice: null,
    burstUpKbps: null,
    burstDownKbps: null,
    burstThresholdUpKbps: null,
    burstThresholdDownKbps: null,
    burstTimeSeconds: null,
    priority: null,
    periodDay: null,
    validityStart: 'purchase',
    timeQuotaSeconds: null,
    dataQuotaBytes: null,
    sharedUsers: 1,
    fupThresholdBytes: null,
    fupRateUpKbps: null,
    fupRateDownKbps: null,
    ipPool: null,
    staticIp: false,
    idleTimeoutSeconds: null,
    interimIntervalSeconds: null,
    macBinding: false,
    purchasableOnline: false,
    isActive: true,
    ...essentials,
    ...extra,
  }
}

/** A broken rule: the field it is about and its name (a translation key under packages.rules). */
export interface PackageProblem {
  field: keyof PackageInput
  rule: string
}

/** Why a package write was refused. */
export class PackageError extends Error {
  constructor(
    message: string,
    readonly code: 'E_PACKAGE_INVALID' | 'E_PACKAGE_IN_USE',
    readonly problems: PackageProblem[] = []
  ) {
    super(message)
    this.name = 'PackageError'
  }
}

/** Options of a package write. */
export interface PackageWriteOptions {
  /** Run inside this transaction (on the tenant's connection); the caller commits. */
  trx?: TransactionClientContract
}

/** The combinations a package cannot have, each as the field to fix and the rule broken. */
export function packageProblems(input: PackageInput): PackageProblem[] {
  const problems: PackageProblem[] = []
  const add = (field: keyof PackageInput, rule: string) => problems.push({ field, rule })
  if (input.rateUpKbps <= 0) add('rateUpKbps', 'rateRequired')
  if (input.rateDownKbps <= 0) add('rateDownKbps', 'rateRequired')

  const burst = [input.burstUpKbps, input.burstDownKbps, input.burstThresholdUpKbps]
    .concat([input.burstThresholdDownKbps, input.burstTimeSeconds])
    .some((value) => value !== null)
  if (burst) {
    if (input.burstUpKbps === null || input.burstUpKbps <= input.rateUpKbps)
      add('burstUpKbps', 'burstBelowRate')
    if (input.burstDownKbps === null || input.burstDownKbps <= input.rateDownKbps)
      add('burstDownKbps', 'burstBelowRate')
    // Bursting happens while the average stays under the threshold: above the rate it never ends.
    if (input.burstThresholdUpKbps === null || input.burstThresholdUpKbps > input.rateUpKbps)
      add('burstThresholdUpKbps', 'thresholdAboveRate')
    if (input.burstThresholdDownKbps === null || input.burstThresholdDownKbps > input.rateDownKbps)
      add('burstThresholdDownKbps', 'thresholdAboveRate')
    if (!input.burstTimeSeconds) add('burstTimeSeconds', 'burstTimeRequired')
  }

  if (input.validityUnit === 'period') {
    if (input.periodDay === null || input.periodDay < 1 || input.periodDay > 28)
      add('periodDay', 'periodDayRange')
    if (input.validityStart === 'first_login') add('validityStart', 'periodFromFirstLogin')
  } else if (!input.validityValue || input.validityValue < 1) {
    add('validityValue', 'validityRequired')
  }

  if (input.timeQuotaSeconds !== null && input.timeQuotaSeconds <= 0)
    add('timeQuotaSeconds', 'quotaZero')
  if (input.dataQuotaBytes !== null && input.dataQuotaBytes <= 0) add('dataQuotaBytes', 'quotaZero')
  if (input.sharedUsers < 1) add('sharedUsers', 'sharedUsersMin')

  const fupRate = input.fupRateUpKbps !== null || input.fupRateDownKbps !== null
  if (input.fupThresholdBytes !== null) {
    if (input.fupThresholdBytes <= 0) add('fupThresholdBytes', 'quotaZero')
    if (!fupRate) add('fupRateDownKbps', 'fupRateMissing')
    if (input.dataQuotaBytes !== null && input.fupThresholdBytes >= input.dataQuotaBytes)
      add('fupThresholdBytes', 'fupAboveQuota')
  } else if (fupRate) {
    add('fupThresholdBytes', 'fupThresholdMissing')
  }
  if (fupRate) {
    if (!input.fupRateUpKbps || input.fupRateUpKbps >= input.rateUpKbps)
      add('fupRateUpKbps', 'fupRateNotLower')
    if (!input.fupRateDownKbps || input.fupRateDownKbps >= input.rateDownKbps)
      add('fupRateDownKbps', 'fupRateNotLower')
  }

  // A hotspot login has no fixed address of its own: the hotspot hands out its pool.
  if (input.staticIp && input.kind === PackageKind.Hotspot) add('staticIp', 'staticIpHotspot')
  if (input.priority !== null && (input.priority < 1 || input.priority > 8))
    add('priority', 'priorityRange')
  if (input.resellerPrice !== null && input.resellerPrice > input.price)
    add('resellerPrice', 'resellerAbovePrice')
  if (problems.length === 0 && !isRateLimit(rateLimitOf(input))) add('rateUpKbps', 'rateInvalid')
  return problems
}

function assertValid(input: PackageInput): void {
  const problems = packageProblems(input)
  if (problems.length > 0) {
    const list = problems.map((problem) => `${problem.field}: ${problem.rule}`).join(', ')
    throw new PackageError(`Package is not valid (${list})`, 'E_PACKAGE_INVALID', problems)
  }
}

/** Creates, changes and removes packages and their RADIUS groups, in the bound tenant. */
export class PackageService {
  readonly #devices = new DeviceSyncService()

  /** The package list, as a query to page over. */
  listQuery() {
    return Package.query()
  }

  /** Packages that can be sold now (active), by name. */
  sellable() {
    return Package.query().where('is_active', true).orderBy('name')
  }

  /** Creates the package and its group `pkg-<id>`. */
  async create(input: PackageInput, options: PackageWriteOptions = {}): Promise<Package> {
    assertValid(input)
    const created = await inTenantTransaction(options.trx, async (trx) => {
      // The group name needs the id; a unique placeholder holds the row until then.
      const placeholder = `pkg-new-${process.hrtime.bigint()}`.slice(0, 64)
      const pkg = await Package.create({ ...input, groupName: placeholder }, { client: trx })
      pkg.groupName = `pkg-${pkg.id}`
      await pkg.save()
      await this.#writeGroup(trx, pkg.groupName, groupRowsOf(pkg))
      return pkg
    })
    await this.#devices.whenCommitted(options.trx, () => this.#devices.packageSaved(created))
    return created
  }

  /**
   * Changes the package and its group. With `applyNow`, its online users get the new rate by
   * CoA (queued, after the commit); returns how many sessions were queued.
   */
  async update(
    pkg: Package,
    input: PackageInput,
    options: PackageWriteOptions & { applyNow?: boolean } = {}
  ): Promise<{ package: Package; queuedSessions: number }> {
    assertValid(input)
    const previousKind = pkg.kind
    await inTenantTransaction(options.trx, async (trx) => {
      pkg.useTransaction(trx)
      pkg.merge(input)
      await pkg.save()
      await this.#writeGroup(trx, pkg.groupName, groupRowsOf(pkg))
    })
    await this.#devices.whenCommitted(options.trx, () =>
      this.#devices.packageSaved(pkg, previousKind)
    )
    let queuedSessions = 0
    if (options.applyNow) {
      const sessions = new SessionCoaService()
      queuedSessions = await sessions.queue(await sessions.openSessionsOfGroup(pkg.groupName), {
        kind: 'rate-limit',
        rateLimit: rateLimitOf(pkg),
        fupRateLimit: fupRateLimitOf(pkg),
      })
    }
    return { package: pkg, queuedSessions }
  }

  /**
   * Removes a package nobody uses (no RADIUS user in its group, no customer on it) with its
   * group; one in use can only be retired (`isActive` off).
   */
  async delete(pkg: Package, options: PackageWriteOptions = {}): Promise<void> {
    await inTenantTransaction(options.trx, async (trx) => {
      const member = await trx.from('radusergroup').where('groupname', pkg.groupName).first()
      const customer = await trx.from('customers').where('package_id', pkg.id).first()
      if (member || customer) {
        throw new PackageError(`Package "${pkg.name}" is in use`, 'E_PACKAGE_IN_USE')
      }
      await trx.from('packages').where('id', pkg.id).delete()
      await this.#writeGroup(trx, pkg.groupName, { check: [], reply: [] })
    })
    await this.#devices.whenCommitted(options.trx, () => this.#devices.packageRemoved(pkg))
  }

  /** How many users of the package are online now. */
  async onlineCount(pkg: Package): Promise<number> {
    const [row] = await tenantDb()
      .client.from('radacct as a')
      .join('radusergroup as g', 'g.username', 'a.username')
      .where('g.groupname', pkg.groupName)
      .whereNull('a.acctstoptime')
      .count('* as total')
    return Number(row?.total ?? 0)
  }

  /** The tenant's isolir profile, read back from the `isolir` group. */
  async isolirProfile(): Promise<IsolirProfile> {
    const rows = await tenantDb()
      .client.from('radgroupreply')
      .where('groupname', ISOLIR_GROUP)
      .select('attribute', 'value')
    const value = (attribute: string) => rows.find((row) => row.attribute === attribute)?.value
    const [up, down] = String(value('Mikrotik-Rate-Limit') ?? '/').split('/')
    const kbps = (rate: string | undefined) => {
      const match = /^(\d+)([kM]?)$/.exec(rate ?? '')
      if (!match) return null
      return Number(match[1]) * (match[2] === 'M' ? 1000 : 1)
    }
    return {
      addressList: value('Mikrotik-Address-List') ?? null,
      pool: value('Framed-Pool') ?? null,
      rateUpKbps: kbps(up),
      rateDownKbps: kbps(down),
    }
  }

  /** Replaces the `isolir` group: the restricted profile every isolated PPPoE user gets. */
  async saveIsolirProfile(profile: IsolirProfile, options: PackageWriteOptions = {}) {
    await inTenantTransaction(options.trx, (trx) =>
      this.#writeGroup(trx, ISOLIR_GROUP, isolirRowsOf(profile))
    )
  }

  /**
   * Replaces the group's rows, and tells the RADIUS server's profile cache that every user may
   * have changed (last in the transaction, as auth_profile_cache.ts asks).
   */
  async #writeGroup(trx: TransactionClientContract, groupname: string, rows: GroupRows) {
    await trx.from('radgroupcheck').where('groupname', groupname).delete()
    await trx.from('radgroupreply').where('groupname', groupname).delete()
    const withGroup = (list: GroupRows['check']) => list.map((row) => ({ groupname, ...row }))
    if (rows.check.length) await trx.table('radgroupcheck').multiInsert(withGroup(rows.check))
    if (rows.reply.length) await trx.table('radgroupreply').multiInsert(withGroup(rows.reply))
    await radiusGroupsChanged(trx)
  }
}
