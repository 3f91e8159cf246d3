/*
 * The RADIUS user API that vouchers, payments and billing call: creates, changes and removes a
 * user's rows in radcheck / radreply / radusergroup of the bound tenant, the way FreeRADIUS
 * reads them (conventions in app/radius/users/attribute_names.ts), and reads usage from radacct.
 * Every write runs in a transaction: the caller's (`{ trx }`, so the RADIUS change commits or
 * rolls back with the voucher or payment that causes it) or one of its own, and stamps the user
 * changed in it (radiusUsersChanged), so the RADIUS server's profile cache never serves the old rows.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { tenantContext } from '#tenancy/tenant_context'
import { Check, type StoredAccountStatus } from '#radius/users/attribute_names'
import type { AttributeRow } from '#radius/users/auth_profile'
import { radiusGroupsChanged, radiusUsersChanged } from '#radius/users/auth_profile_cache'
import { fieldWrites, type RadiusUserSettings } from '#radius/users/radius_user_fields'
import { RadiusUserError } from '#radius/users/radius_user_error'
import {
  RadiusUserRepository,
  type OpenSession,
  type Usage,
} from '#radius/users/radius_user_repository'
import { insertRows } from '#radius/sql/insert_rows'
import { inTenantTransaction, tenantDb, type SqlValue } from '#radius/sql/tenant_db'

export type { RadiusUserSettings } from '#radius/users/radius_user_fields'
export { RadiusUserError } from '#radius/users/radius_user_error'

/** Account status: disabled is `Auth-Type := Reject`, isolir/expired are Rb-Account-Status. */
export type RadiusUserStatus = 'active' | 'disabled' | StoredAccountStatus

/** A group membership; a plain name gets the priority of its position (1, 2, …). */
export type GroupMembership = string | { name: string; priority: number }

/** A user to create. */
export interface NewRadiusUser extends RadiusUserSettings {
  username: string
  password: string
  groups?: GroupMembership[]
  status?: RadiusUserStatus
}

/** Options of every write. */
export interface WriteOptions {
  /** Run inside this transaction (on the tenant's connection); the caller commits. */
  trx?: TransactionClientContract
}

/** A user's own rows as stored, with its status and groups. */
export interface RadiusUserRecord {
  username: string
  status: RadiusUserStatus
  groups: { name: string; priority: number }[]
  check: AttributeRow[]
  reply: AttributeRow[]
}

const TABLES = ['radcheck', 'radreply', 'radusergroup'] as const
const ATTRIBUTE_COLUMNS = ['username', 'attribute', 'op', 'value']

// Printable: no spaces or control characters (they break radclient files and log lines).
const USERNAME = /^[!-~\u00A0-\uFFFF]{1,64}$/
const GROUP_NAME = /^[ -~\u00A0-\uFFFF]{1,64}$/

function assertUsername(username: string): void {
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw RadiusUserError.invalid('Username', username, '1 to 64 characters without spaces')
  }
}

/** The radcheck row that stores `status` (none for active). */
function statusRow(
  status: RadiusUserStatus
): { attribute: string; op: string; value: string } | null {
  if (status === 'disabled') return { attribute: Check.AuthType, op: ':=', value: 'Reject' }
  if (status === 'isolir' || status === 'expired') {
    return { attribute: Check.AccountStatus, op: ':=', value: status }
  }
  return null
}

/** radusergroup rows of `groups`, names validated. */
function membershipRows(groups: readonly GroupMembership[]) {
  return groups.map((group, index) => {
    const row =
      typeof group === 'string'
        ? { groupname: group, priority: index + 1 }
        : { groupname: group.name, priority: group.priority }
    if (!GROUP_NAME.test(row.groupname)) {
      throw RadiusUserError.invalid('Group', row.groupname, '1 to 64 characters')
    }
    return row
  })
}

function statusOf(check: readonly AttributeRow[]): RadiusUserStatus {
  const value = (name: string) =>
    check
      .find((row) => row.attribute === name)
      ?.value.trim()
      .toLowerCase()
  if (value(Check.AuthType) === 'reject') return 'disabled'
  const stored = value(Check.AccountStatus)
  return stored === 'isolir' || stored === 'expired' ? stored : 'active'
}

/** Creates, changes, removes and reads RADIUS users of the bound tenant. */
export class RadiusUserService {
  readonly #repository = new RadiusUserRepository()

  /** Creates a user; fails with E_RADIUS_USER_EXISTS when the name has rows already. */
  async create(user: NewRadiusUser, options: WriteOptions = {}): Promise<void> {
    assertUsername(user.username)
    const { username, groups, status, ...settings } = user
    const writes = fieldWrites(settings, this.#zone())
    await inTenantTransaction(options.trx, async (trx) => {
      if (await this.#exists(trx, username)) throw RadiusUserError.exists(username)
      await this.#apply(trx, username, writes)
      if (groups?.length) await this.#writeGroups(trx, username, groups)
      if (status && status !== 'active') await this.#writeStatus(trx, username, status)
      await radiusUsersChanged(trx, username)
    })
  }

  /**
   * Creates many users in the caller's transaction with multi-row INSERTs (a voucher batch of
   * 100,000 in seconds, where one create each would take minutes). Every user is validated
   * before anything is written. The names must be new: the caller's unique keys guarantee it
   * (voucher codes, an import's duplicate check), there is no per-user existence check.
   */
  async createMany(users: readonly NewRadiusUser[], options: Required<WriteOptions>) {
    const zone = this.#zone()
    const check: SqlValue[][] = []
    const reply: SqlValue[][] = []
    const groups: SqlValue[][] = []
    for (const { username, groups: memberships, status, ...settings } of users) {
      assertUsername(username)
      for (const { table, attribute, row } of fieldWrites(settings, zone)) {
        if (row)
          (table === 'radcheck' ? check : reply).push([username, attribute, row.op, row.value])
      }
      const stored = status ? statusRow(status) : null
      if (stored) check.push([username, stored.attribute, stored.op, stored.value])
      for (const row of membershipRows(memberships ?? [])) {
        groups.push([username, row.groupname, row.priority])
      }
    }
    const { trx } = options
    await insertRows(trx, 'radcheck', ATTRIBUTE_COLUMNS, check)
    await insertRows(trx, 'radreply', ATTRIBUTE_COLUMNS, reply)
    await insertRows(trx, 'radusergroup', ['username', 'groupname', 'priority'], groups)
    // One stamp for the lot: a name somebody tried before it existed must not stay cached unknown.
    await radiusGroupsChanged(trx)
  }

  /** Changes settings: `undefined` keeps one, `null` removes it. */
  async update(username: string, settings: RadiusUserSettings, options: WriteOptions = {}) {
    const writes = fieldWrites(settings, this.#zone())
    await this.#write(username, options, (trx) => this.#apply(trx, username, writes))
  }

  /** Sets the account status (active, disabled, isolir, expired). */
  async setStatus(username: string, status: RadiusUserStatus, options: WriteOptions = {}) {
    await this.#write(username, options, (trx) => this.#writeStatus(trx, username, status))
  }

  /** Disables the account (`Auth-Type := Reject`): every login is refused. */
  disable(username: string, options: WriteOptions = {}) {
    return this.setStatus(username, 'disabled', options)
  }

  /** Makes the account active again (clears disabled, isolir and expired). */
  enable(username: string, options: WriteOptions = {}) {
    return this.setStatus(username, 'active', options)
  }

  /** Isolates the account (isolir): PPPoE gets the restricted profile, hotspot is refused. */
  isolate(username: string, options: WriteOptions = {}) {
    return this.setStatus(username, 'isolir', options)
  }

  /** Replaces the user's groups (radusergroup). */
  async setGroups(username: string, groups: GroupMembership[], options: WriteOptions = {}) {
    await this.#write(username, options, (trx) => this.#writeGroups(trx, username, groups))
  }

  /**
   * Removes the user's rows from radcheck, radreply and radusergroup. Accounting (radacct) and
   * the auth log (radpostauth) are history and stay. Returns whether the user existed.
   */
  async delete(username: string, options: WriteOptions = {}): Promise<boolean> {
    return inTenantTransaction(options.trx, async (trx) => {
      let removed = 0
      for (const table of TABLES) {
        removed += Number(await trx.from(table).where('username', username).delete())
      }
      if (removed > 0) await radiusUsersChanged(trx, username)
      return removed > 0
    })
  }

  /** The user's own rows, status and groups; null when unknown. */
  async find(username: string): Promise<RadiusUserRecord | null> {
    const { client } = tenantDb()
    const select = (table: 'radcheck' | 'radreply') =>
      client
        .from(table)
        .where('username', username)
        .orderBy('id')
        .select('attribute', 'op', 'value')
    const [check, reply, groups] = await Promise.all([
      select('radcheck'),
      select('radreply'),
      client
        .from('radusergroup')
        .where('username', username)
        .orderBy('priority')
        .select('groupname', 'priority'),
    ])
    if (check.length + reply.length + groups.length === 0) return null
    return {
      username,
      status: statusOf(check),
      groups: groups.map((row) => ({ name: row.groupname, priority: Number(row.priority) })),
      check,
      reply,
    }
  }

  /** Time and bytes used, totals over every session in radacct (Gigawords included). */
  usage(username: string): Promise<Usage> {
    return this.#repository.usage(username)
  }

  /** The user's open sessions. */
  openSessions(username: string): Promise<OpenSession[]> {
    return this.#repository.openSessions(username)
  }

  /** The tenant's zone: Expiration values are local times in it, as FreeRADIUS reads them. */
  #zone(): string {
    return tenantContext.require().tenant.timezone || 'UTC'
  }

  /** A write on an existing user, in a transaction. */
  async #write(
    username: string,
    options: WriteOptions,
    work: (trx: TransactionClientContract) => Promise<void>
  ): Promise<void> {
    await inTenantTransaction(options.trx, async (trx) => {
      if (!(await this.#exists(trx, username))) throw RadiusUserError.notFound(username)
      await work(trx)
      await radiusUsersChanged(trx, username)
    })
  }

  async #exists(trx: TransactionClientContract, username: string): Promise<boolean> {
    for (const table of TABLES) {
      if (await trx.from(table).where('username', username).select('id').first()) return true
    }
    return false
  }

  /** Replaces the rows of each written attribute. */
  async #apply(
    trx: TransactionClientContract,
    username: string,
    writes: ReturnType<typeof fieldWrites>
  ): Promise<void> {
    for (const { table, attribute, row } of writes) {
      await trx.from(table).where({ username, attribute }).delete()
      if (row) await trx.table(table).insert({ username, attribute, ...row })
    }
  }

  async #writeStatus(trx: TransactionClientContract, username: string, status: RadiusUserStatus) {
    const rows = trx.from('radcheck').where('username', username)
    await rows.whereIn('attribute', [Check.AuthType, Check.AccountStatus]).delete()
    const stored = statusRow(status)
    if (stored) await trx.table('radcheck').insert({ username, ...stored })
  }

  async #writeGroups(trx: TransactionClientContract, username: string, groups: GroupMembership[]) {
    const rows = membershipRows(groups)
    await trx.from('radusergroup').where('username', username).delete()
    if (rows.length > 0)
      await trx.table('radusergroup').multiInsert(rows.map((row) => ({ username, ...row })))
  }
}
