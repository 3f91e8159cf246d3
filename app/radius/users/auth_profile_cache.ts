/*
 * The RADIUS process's in-memory cache of user profiles (loadAuthProfile), exact although the
 * writes happen in other processes (web, jobs, an operator's SQL that follows the rule below).
 *
 * Writers: every transaction that writes radcheck / radreply / radusergroup calls
 * radiusUsersChanged(trx, username); one that writes radgroupcheck / radgroupreply or many users
 * at once calls radiusGroupsChanged(trx). Both bump the tenant's `radius_versions` row in that
 * transaction (its row lock orders the writers, so versions follow commit order) and stamp the
 * users (or the whole tenant, `flushed`) with the new version.
 *
 * Reader (the guarantee): an Access-Request is decided on a cached profile only after a
 * version check that was sent to the database AFTER the request arrived has been applied. The
 * check reads the tenant's version row; when it moved, the version and the users stamped since
 * the last check are read in one statement (one snapshot), and changed users are dropped from
 * the cache. So a write committed before a request arrives is always seen by that request: an
 * old password, status or expiry is never accepted once the change is committed. A miss loads
 * the profile and the version in one statement, also sent after the request arrived (the
 * repository reads concurrent misses together, grouped as the checks are, in the next
 * statement it sends). Concurrent requests share one check (at most one in flight and one
 * queued, like a group commit): those of a tenant and, on MySQL, those of every tenant on the
 * same server and account, in one statement over their databases. So under load the check costs
 * a fraction of a query per request; idle, one small query.
 *
 * Group rows (radgroupcheck / radgroupreply) are kept once per tenant, not in every member's
 * entry: a profile is the user's own rows (check, reply, memberships) and the rows of its
 * groups, both from snapshots with the same `flushed` (no group change between them). Where a
 * group is not held, the user is read again with its groups' rows (a join on the name, so
 * the database's comparison decides which rows a membership gets, as for FreeRADIUS), and
 * those are kept under the membership's name. A snapshot with a later `flushed` drops them.
 *
 * What the guarantee rests on: writers follow the rule above (a write that does not is seen
 * only when the entry ages out, `maxAgeMs`), and a single SELECT reads one snapshot (InnoDB
 * consistent read, SQLite). Usernames are compared the way the database may (MySQL's
 * case-insensitive collations): entries are keyed by the lower-case name and only printable
 * ASCII names are cached; a stamp on any other name drops the tenant's whole cache.
 */
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { tenantContext } from '#tenancy/tenant_context'
import { driverQuery } from '../sql/driver_sql.js'
import { statementGroupOf, type StatementGroup } from '../sql/shared_statements.js'
import { dialectOf } from '../sql/sql_dialect.js'
import { buildProfile, Source, type AuthProfile, type ProfileRow } from './auth_profile.js'
import { entryServes, entryVersion, packEntry, unpackRows } from './profile_entry.js'

// ---------------------------------------------------------------------------------------------
// Writers

/**
 * Marks `usernames` changed in the transaction `trx` that changes their radcheck / radreply /
 * radusergroup rows. Call it last in the transaction: the version row stays locked until commit.
 */
export async function radiusUsersChanged(
  trx: QueryClientContract,
  usernames: string | readonly string[]
): Promise<void> {
  const names = typeof usernames === 'string' ? [usernames] : [...new Set(usernames)]
  if (names.length === 0) return
  await trx.rawQuery('UPDATE radius_versions SET version = version + 1 WHERE id = 1')
  const dialect = dialectOf(trx)
  const stamp =
    'INSERT INTO radius_user_versions (username, version) ' +
    'SELECT ?, version FROM radius_versions WHERE id = 1 ' +
    `${dialect.onConflictUpdate('username')} version = ${dialect.inserted('version')}`
  for (const name of names) await trx.rawQuery(stamp, [name.slice(0, 64)])
}

/**
 * Marks every user of the tenant changed (group attributes, bulk imports), in the writing
 * transaction. Call it last in the transaction, as radiusUsersChanged.
 */
export async function radiusGroupsChanged(trx: QueryClientContract): Promise<void> {
  // `flushed` first: MySQL evaluates SET left to right with updated values, SQLite with old ones.
  await trx.rawQuery(
    'UPDATE radius_versions SET flushed = version + 1, version = version + 1 WHERE id = 1'
  )
}

// ---------------------------------------------------------------------------------------------
// Reader

/** A user's profile rows (none: no such user) and the version of the snapshot they were read in. */
export interface VersionedRows {
  rows: ProfileRow[]
  version: number
  /** `flushed` in that snapshot: the version of the last group or bulk change. */
  flushed: number
}

/**
 * Reads one user's own rows (check, reply, memberships), with `withGroups` also its groups'
 * check and reply rows, and the tenant's version in one statement, on a connection.
 */
export type VersionedLoader = (
  connectionName: string,
  withGroups: boolean
) => Promise<VersionedRows>

/** Tunables. */
export interface AuthProfileCacheOptions {
  /** Cached profiles over all tenants; the oldest are dropped beyond it. */
  maxEntries?: number
  /** Age after which an entry is read again anyway (only for writes that skip the stamps). */
  maxAgeMs?: number
  enabled?: boolean
  clock?: () => number
}

/** Counters, for the benchmark and the stats log. */
export interface AuthProfileCacheStats {
  hits: number
  misses: number
  checks: number
  invalidated: number
  flushes: number
  /** Misses read again with their groups' rows (a group not held). */
  groupReads: number
  /** Tenants whose check found their version moved, so read the users stamped since. */
  stampReads: number
  entries: number
}

/** What a tenant database without its radius_versions row gets. */
export const NO_VERSION_ROW = 'radius_versions has no row: run the tenant migrations'

/** A row of a group's radgroupcheck (src 4) or radgroupreply (src 5). */
interface GroupRow {
  src: number
  id: number
  attribute: string
  op: string
  value: string
}

interface Waiter {
  resolve: () => void
  reject: (error: unknown) => void
}

/** The tenant's version and flushed (`t` tells the tenants of a shared statement apart). */
interface VersionRow {
  t: unknown
  version: unknown
  flushed: unknown
}

/** The tenant's version and flushed, with one user stamped since (or none: null). */
interface CheckRow {
  t: unknown
  version: unknown
  flushed: unknown
  username: string | null
  stamped: unknown
}

/**
 * The check of one tenant (`t` tells the tenants of a shared statement apart): a join, not a
 * UNION, which costs MariaDB a temporary table (by hand: 70–74 against 88–98 µs of CPU a
 * check, and 30 µs less of round trip).
 */
function checkSql(t: number, schema: string): string {
  return `SELECT ${t} AS t, v.version, v.flushed, u.username, u.version AS stamped
  FROM ${schema}radius_versions v LEFT JOIN ${schema}radius_user_versions u ON u.version > ?
  WHERE v.id = 1`
}

// The check of a tenant alone (every login of a quiet server, every SQLite or cPanel tenant).
const ALONE_CHECK_SQL = checkSql(0, '')

/** The version row of one tenant: what most checks need (nothing changed since the last). */
function versionSql(t: number, schema: string): string {
  return `SELECT ${t} AS t, version, flushed FROM ${schema}radius_versions WHERE id = 1`
}

const ALONE_VERSION_SQL = versionSql(0, '')

/**
 * The cache key of a username, or undefined when it is not cached: printable ASCII without
 * spaces, lower-cased, so names a case-insensitive collation treats as one share one key.
 */
export function cacheKey(username: string): string | undefined {
  return username.length <= 64 && /^[!-~]+$/.test(username) ? username.toLowerCase() : undefined
}

/**
 * Runs a check for callers that each need one SENT AFTER they asked: one runs at a time; who
 * asks while one is in flight waits for the next, which everyone who asked meanwhile shares.
 * (Joining the check in flight would be cheaper and wrong: it may predate a commit the caller
 * has already seen.) Callers name what they need checked (a tenant); a run gets every name
 * asked for since the previous run started and may fail for some of them only.
 */
export class SharedCheck<Key = void> {
  readonly #run: (keys: Key[]) => Promise<ReadonlyMap<Key, unknown> | void>
  #running = false
  #next = new Map<Key, Waiter[]>()

  /** `run` resolves with the failures per key (none: all passed) or rejects for all. */
  constructor(run: (keys: Key[]) => Promise<ReadonlyMap<Key, unknown> | void>) {
    this.#run = run
  }

  /** Resolves once a run started after this call has finished; rejects if it failed for `key`. */
  fresh(key: Key): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiters = this.#next.get(key)
      if (waiters) waiters.push({ resolve, reject })
      else this.#next.set(key, [{ resolve, reject }])
      if (!this.#running) this.#start()
    })
  }

  #start(): void {
    this.#running = true
    const batch = this.#next
    this.#next = new Map()
    const settle = (failures: ReadonlyMap<Key, unknown> | void, all?: unknown) => {
      for (const [key, waiters] of batch) {
        const error = all ?? failures?.get(key)
        for (const waiter of waiters) {
          if (error === undefined) waiter.resolve()
          else waiter.reject(error)
        }
      }
      this.#running = false
      if (this.#next.size > 0) this.#start()
    }
    this.#run([...batch.keys()]).then(
      (failures) => settle(failures),
      (error) => settle(undefined, error ?? new Error('version check failed'))
    )
  }
}

/** One tenant's entries and what its version checks need. */
class TenantProfiles {
  /** Entries by cache key, one string each (profile_entry.ts). */
  readonly entries = new Map<string, string>()
  /** Changes up to this version are applied to `entries`; -1 before the first check. */
  applied = -1
  /** `flushed` in the snapshot of the last check applied. */
  checkedFlushed = -1
  /** Group rows by the name a membership gives, read in snapshots whose `flushed` is `groupsFlushed`. */
  readonly groups = new Map<string, GroupRow[]>()
  groupsFlushed = -1
  readonly connectionName: string
  readonly #owner: AuthProfileCache

  constructor(connectionName: string, owner: AuthProfileCache) {
    this.connectionName = connectionName
    this.#owner = owner
  }

  /** Its check group and the qualifier of its tables in a shared statement. */
  get group(): StatementGroup {
    return statementGroupOf(this.connectionName)
  }

  /**
   * Whether a snapshot's version row shows no change since the last check applied. A stamp is
   * never newer than its tenant's version in the same snapshot (the writer bumps both in one
   * transaction), so then the stamps since `applied` are none and there is nothing to apply.
   */
  unchanged(row: VersionRow | undefined): boolean {
    return (
      row !== undefined &&
      this.applied >= 0 &&
      Number(row.version) === this.applied &&
      Number(row.flushed) === this.checkedFlushed
    )
  }

  /** Applies the rows of a version check sent after every change it reflects. */
  apply(rows: readonly CheckRow[]): void {
    const head = rows[0]
    if (!head) throw new Error(NO_VERSION_ROW)
    const version = Number(head.version)
    const flushed = Number(head.flushed)
    if (version < this.applied) {
      // The version went back (a restored database): nothing cached can be trusted.
      this.drop(Number.MAX_SAFE_INTEGER)
      this.groupsFlushed = -1
    } else if (this.applied >= 0) {
      // A group or bulk change drops every entry read before it.
      if (flushed > this.applied) this.drop(flushed)
      for (const row of rows) {
        if (row.username === null) continue
        const key = cacheKey(row.username)
        if (key === undefined) this.drop(Number(row.stamped))
        else this.#invalidate(key, Number(row.stamped))
      }
    }
    this.applied = version
    this.checkedFlushed = flushed
    this.seeFlushed(flushed)
  }

  /** A snapshot showed `flushed`: group rows read before a later group change are dropped. */
  seeFlushed(flushed: number): void {
    if (flushed > this.groupsFlushed) {
      this.groups.clear()
      this.groupsFlushed = flushed
    }
  }

  /**
   * A user's own rows with its groups' rows, the way the join of the profile query gives them
   * (each with the membership's name and priority), when the groups held were read in a
   * snapshot with the same `flushed`; undefined when not (the user must be read with them).
   */
  withGroups(rows: ProfileRow[], flushed: number): ProfileRow[] | undefined {
    let all: ProfileRow[] | undefined
    for (const membership of rows) {
      if (Number(membership.src) !== Source.Group) continue
      const groupRows = flushed === this.groupsFlushed ? this.groups.get(membership.grp) : undefined
      if (!groupRows) return undefined
      all ??= [...rows]
      for (const row of groupRows) {
        all.push({ ...row, priority: membership.priority, grp: membership.grp })
      }
    }
    return all ?? rows
  }

  /** Keeps the group rows of a user read with them (withGroups) in a snapshot showing `flushed`. */
  keepGroups(rows: readonly ProfileRow[], flushed: number): void {
    if (flushed !== this.groupsFlushed) return
    const read = new Map<string, Map<string, GroupRow>>()
    for (const row of rows) {
      if (Number(row.src) === Source.Group) read.set(row.grp, new Map())
    }
    for (const row of rows) {
      const src = Number(row.src)
      if (src !== Source.GroupCheck && src !== Source.GroupReply) continue
      // A name twice in radusergroup gives its rows twice: each row once (by table and id).
      read.get(row.grp)?.set(`${src}:${row.id}`, {
        src,
        id: Number(row.id),
        attribute: String(row.attribute),
        op: String(row.op),
        value: String(row.value),
      })
    }
    for (const [name, groupRows] of read) this.groups.set(name, [...groupRows.values()])
  }

  /** Drops the entry of `key` if it was read before the change stamped `version`. */
  #invalidate(key: string, version: number): void {
    const entry = this.entries.get(key)
    if (entry !== undefined && entryVersion(entry) < version) {
      this.entries.delete(key)
      this.#owner.forget(1)
      this.#owner.counters.invalidated++
    }
  }

  /** Drops every entry read before `version`. */
  drop(version: number): void {
    this.#owner.counters.flushes++
    for (const [key, entry] of this.entries) {
      if (entryVersion(entry) < version) {
        this.entries.delete(key)
        this.#owner.forget(1)
      }
    }
  }
}

type CheckCounters = Pick<AuthProfileCacheStats, 'checks' | 'stampReads'>

/** One statement over `tenants`: each one's part (`sqlOf`), `alone` for a single tenant. */
function statementOf(
  tenants: readonly TenantProfiles[],
  sqlOf: (t: number, schema: string) => string,
  alone: string
): string {
  if (tenants.length === 1) return alone
  return tenants.map((tenant, t) => sqlOf(t, tenant.group.schema)).join('\nUNION ALL ')
}

/** Checks the tenants of one group together: one statement, one round trip under load. */
async function checkVersions(
  tenants: readonly TenantProfiles[],
  counters: CheckCounters
): Promise<Map<TenantProfiles, unknown>> {
  const failures = new Map<TenantProfiles, unknown>()
  if (tenants.length > 1) {
    try {
      await checkTogether(tenants, counters)
      return failures
    } catch {
      // One tenant's database may be the cause (dropped, being restored): each on its own.
    }
  }
  for (const tenant of tenants) {
    try {
      await checkTogether([tenant], counters)
    } catch (error) {
      failures.set(tenant, error)
    }
  }
  return failures
}

/**
 * The version rows first: the join with the stamps costs MariaDB half again as much, and only
 * tenants whose version moved need it. Their join is sent later still, so after the request too.
 */
async function checkTogether(tenants: readonly TenantProfiles[], counters: CheckCounters) {
  counters.checks++
  const heads = await driverQuery<VersionRow>(
    tenants[0].connectionName,
    statementOf(tenants, versionSql, ALONE_VERSION_SQL)
  )
  const byTenant = tenants.map((): VersionRow | undefined => undefined)
  for (const row of heads) byTenant[Number(row.t)] = row
  const moved = tenants.filter((tenant, t) => !tenant.unchanged(byTenant[t]))
  if (moved.length > 0) await readStamps(moved, counters)
}

/** Applies the version and the users stamped since the last check of each of `tenants`. */
async function readStamps(tenants: readonly TenantProfiles[], counters: CheckCounters) {
  counters.stampReads += tenants.length
  const sql = statementOf(tenants, checkSql, ALONE_CHECK_SQL)
  const since = tenants.map((tenant) =>
    tenant.applied < 0 ? Number.MAX_SAFE_INTEGER : tenant.applied
  )
  const rows = await driverQuery<CheckRow>(tenants[0].connectionName, sql, since)
  const byTenant = tenants.map((): CheckRow[] => [])
  for (const row of rows) byTenant[Number(row.t)]?.push(row)
  tenants.forEach((tenant, t) => tenant.apply(byTenant[t]))
}

/** Profiles of every tenant's users, checked as described at the top of this file. */
export class AuthProfileCache {
  readonly #tenants = new Map<string, TenantProfiles>()
  /** The version check of each group of tenants (shared_statements.ts). */
  readonly #checks = new Map<string, SharedCheck<TenantProfiles>>()
  readonly #maxEntries: number
  readonly #maxAgeSeconds: number
  readonly #clock: () => number
  readonly #epoch: number
  readonly enabled: boolean
  /** Counters (entries is kept by the tenants). */
  readonly counters = {
    hits: 0,
    misses: 0,
    checks: 0,
    invalidated: 0,
    flushes: 0,
    groupReads: 0,
    stampReads: 0,
  }
  #size = 0

  constructor(options: AuthProfileCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 200_000
    this.#maxAgeSeconds = Math.ceil((options.maxAgeMs ?? 5 * 60_000) / 1000)
    this.#clock = options.clock ?? Date.now
    this.#epoch = this.#clock()
    this.enabled = options.enabled ?? true
  }

  /**
   * The profile of `username` in the bound tenant: from memory when the version check allows,
   * else through `load` (which must read the profile and the version in one statement).
   */
  async get(username: string, load: VersionedLoader): Promise<AuthProfile | null> {
    const { connectionName } = tenantContext.require()
    const key = this.enabled ? cacheKey(username) : undefined
    if (key === undefined) {
      const { rows } = await load(connectionName, true)
      return buildProfile(username, rows)
    }
    const tenant = this.#tenant(connectionName)
    if (this.#usable(tenant.entries.get(key), key, username)) {
      await this.#fresh(tenant)
      const entry = tenant.entries.get(key)
      // An entry the check kept was read after the last group change it saw (apply).
      const rows = this.#usable(entry, key, username)
        ? tenant.withGroups(unpackRows(entry!), tenant.checkedFlushed)
        : undefined
      if (rows) {
        this.counters.hits++
        return buildProfile(username, rows)
      }
    }
    this.counters.misses++
    // Sent after the request arrived: fresh whatever the cache holds.
    let loaded = await load(connectionName, false)
    // Nothing is kept before the tenant's first check (it tells which changes are applied).
    if (tenant.applied < 0) await this.#fresh(tenant)
    tenant.seeFlushed(loaded.flushed)
    let profileRows = tenant.withGroups(loaded.rows, loaded.flushed)
    if (!profileRows) {
      // Also sent after the request arrived.
      this.counters.groupReads++
      loaded = await load(connectionName, true)
      tenant.seeFlushed(loaded.flushed)
      tenant.keepGroups(loaded.rows, loaded.flushed)
      profileRows = loaded.rows
    }
    // A snapshot older than the applied changes may miss some (which are never applied again).
    if (loaded.version >= tenant.applied) {
      const name = username === key ? '' : username
      const entry = packEntry(loaded.version, this.#now(), name, loaded.rows)
      if (entry !== undefined) this.#store(tenant, key, entry, loaded.version)
    }
    return buildProfile(username, profileRows)
  }

  /**
   * The cached profile of `username` in the bound tenant WITHOUT a version check, so it may
   * predate a change: never for a login, only to skip work a fresh profile would confirm.
   * Undefined when nothing usable is cached.
   */
  peek(username: string): AuthProfile | null | undefined {
    const key = this.enabled ? cacheKey(username) : undefined
    if (key === undefined) return undefined
    const tenant = this.#tenants.get(tenantContext.require().connectionName)
    const entry = tenant?.entries.get(key)
    if (!tenant || !this.#usable(entry, key, username)) return undefined
    const rows = tenant.withGroups(unpackRows(entry!), tenant.groupsFlushed)
    return rows && buildProfile(username, rows)
  }

  /** Drops everything. */
  clear(): void {
    for (const tenant of this.#tenants.values()) tenant.drop(Number.MAX_SAFE_INTEGER)
    this.#tenants.clear()
  }

  /** Counters and the number of entries. */
  stats(): AuthProfileCacheStats {
    return { ...this.counters, entries: this.#size }
  }

  /** Bookkeeping of the total size when a tenant drops entries. */
  forget(count: number): void {
    this.#size -= count
  }

  #usable(entry: string | undefined, key: string, username: string): boolean {
    return (
      entry !== undefined && entryServes(entry, key, username, this.#now(), this.#maxAgeSeconds)
    )
  }

  /** Whole seconds since the cache was made. */
  #now(): number {
    // Never negative (a clock stepped back): entries store it as digits.
    return Math.max(0, Math.floor((this.#clock() - this.#epoch) / 1000))
  }

  /** Resolves once a version check sent after this call has been applied to `tenant`. */
  #fresh(tenant: TenantProfiles): Promise<void> {
    let check = this.#checks.get(tenant.group.key)
    if (!check) {
      check = new SharedCheck((tenants) => checkVersions(tenants, this.counters))
      this.#checks.set(tenant.group.key, check)
    }
    return check.fresh(tenant)
  }

  #tenant(connectionName: string): TenantProfiles {
    let tenant = this.#tenants.get(connectionName)
    if (!tenant)
      this.#tenants.set(connectionName, (tenant = new TenantProfiles(connectionName, this)))
    return tenant
  }

  #store(tenant: TenantProfiles, key: string, entry: string, version: number): void {
    const previous = tenant.entries.get(key)
    // A concurrent load may have stored a newer snapshot already.
    if (previous !== undefined && entryVersion(previous) > version) return
    if (previous) tenant.entries.delete(key)
    else this.#size++
    tenant.entries.set(key, entry)
    if (this.#size > this.#maxEntries) this.#evictOldest(tenant)
  }

  /**
   * Drops the oldest entry of the tenant that just grew (Map order is insertion order), or of
   * another tenant when it holds only the new one.
   */
  #evictOldest(grown: TenantProfiles): void {
    const tenant =
      grown.entries.size > 1
        ? grown
        : [...this.#tenants.values()].find((other) => other !== grown && other.entries.size > 0)
    const oldest = tenant?.entries.keys().next()
    if (tenant && oldest && !oldest.done) {
      tenant.entries.delete(oldest.value)
      this.#size--
    }
  }
}

/**
 * The process's cache: used by the RadiusAuthorizer (the RADIUS server). RADIUS_PROFILE_CACHE=off
 * turns it off (every login reads the database), for comparisons.
 */
export const authProfileCache = new AuthProfileCache({
  enabled: process.env.RADIUS_PROFILE_CACHE !== 'off',
})
