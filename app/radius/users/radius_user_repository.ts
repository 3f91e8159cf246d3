/*
 * Reads of the RADIUS tables for one user, and the writes the authorizer makes. The hot path
 * is loadAuthProfile: one round trip for check, reply, groups and group attributes (through
 * the cache, only the group attributes it does not hold); the other reads run only when the
 * profile asks for them (a quota, Simultaneous-Use, isolation).
 * Given an AuthProfileCache (the RADIUS server's authorizer), loadAuthProfile answers from it
 * when its version check allows; the authorizer's writes stamp the user they change.
 */
import logger from '@adonisjs/core/services/logger'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { tenantContext } from '#tenancy/tenant_context'
import { driverQuery } from '../sql/driver_sql.js'
import { statementGroupOf } from '../sql/shared_statements.js'
import { GroupCommit } from '../sql/group_commit.js'
import { fromSqlTime, toSqlTimeMs } from '../sql/sql_time.js'
import { sqlBindings, tenantDb, type SqlValue } from '../sql/tenant_db.js'
import { dialectOf } from '../sql/sql_dialect.js'
import { Check } from './attribute_names.js'
import {
  NO_VERSION_ROW,
  radiusUsersChanged,
  type AuthProfileCache,
  type VersionedRows,
} from './auth_profile_cache.js'
import {
  buildProfile,
  type AttributeRow,
  type AuthProfile,
  type ProfileRow,
} from './auth_profile.js'

/**
 * The profile rows of the `k`-th user of a statement (its `?` are the username: three, five
 * with the group parts), `k` in their second column (the first, `t`, tells the tenants of a
 * shared statement apart). Sorted by buildProfile (an ORDER BY over the UNION costs SQLite a
 * temporary b-tree). The group parts (its groups' check and reply rows) are read only where
 * no cache holds them (AuthProfileCache keeps each tenant's group rows apart from its users').
 */
function profileSelects(k: number, withGroups: boolean): string {
  const own = `SELECT 0 AS t, ${k} AS k, 1 AS src, 0 AS priority, '' AS grp, id, attribute, op, value
  FROM radcheck WHERE username = ?
UNION ALL SELECT 0, ${k}, 2, 0, '', id, attribute, op, value
  FROM radreply WHERE username = ?
UNION ALL SELECT 0, ${k}, 3, priority, groupname, id, '', '', ''
  FROM radusergroup WHERE username = ?`
  if (!withGroups) return own
  return `${own}
UNION ALL SELECT 0, ${k}, 4, g.priority, g.groupname, c.id, c.attribute, c.op, c.value
  FROM radusergroup g JOIN radgroupcheck c ON c.groupname = g.groupname WHERE g.username = ?
UNION ALL SELECT 0, ${k}, 5, g.priority, g.groupname, r.id, r.attribute, r.op, r.value
  FROM radusergroup g JOIN radgroupreply r ON r.groupname = g.groupname WHERE g.username = ?`
}

const PROFILE_SQL = profileSelects(0, true)
const VERSION_SOURCE = 6

/** Tenant `t`'s version row (source 6) of a statement: version in `id`, flushed in `priority`. */
function versionSelect(t: number, schema: string): string {
  return `SELECT ${t}, 0, ${VERSION_SOURCE}, flushed, '', version, '', '', ''
  FROM ${schema}radius_versions WHERE id = 1`
}

// One user's rows, its groups' rows and the version: where the cache lacks the groups.
const PROFILE_WITH_GROUPS_SQL = `${PROFILE_SQL}\nUNION ALL ${versionSelect(0, '')}`

/**
 * The own rows (check, reply, groups) of `count` users of tenant `t` of a statement and its
 * version: the list of names (`v<t>`, one `?` each, `k` the index of the name) and the SELECTs
 * joining it. MariaDB plans the joins once whatever the count: with five parts (before group
 * rows moved to the cache), SELECTs per user cost it 67 µs of CPU a user in a statement of 32,
 * this way 15 µs (73 → 42 µs at 6).
 * The comparison is the column's own, as in `username = ?` (the column on the left, for
 * SQLite), so names the collation treats as one both get the rows.
 */
function tenantProfiles(t: number, count: number, schema: string) {
  const v = `v${t}`
  const names = Array.from({ length: count }, (_, k) =>
    k === 0 ? 'SELECT 0 AS k, ? AS name' : `SELECT ${k}, ?`
  )
  const users = (table: string, alias: string) =>
    `FROM ${v} JOIN ${schema}${table} ${alias} ON ${alias}.username = ${v}.name`
  return {
    names: `${v} AS (${names.join(' UNION ALL ')})`,
    selects: `SELECT ${t} AS t, ${v}.k AS k, 1 AS src, 0 AS priority, '' AS grp,
  c.id, c.attribute, c.op, c.value ${users('radcheck', 'c')}
UNION ALL SELECT ${t}, ${v}.k, 2, 0, '', r.id, r.attribute, r.op, r.value ${users('radreply', 'r')}
UNION ALL SELECT ${t}, ${v}.k, 3, u.priority, u.groupname, u.id, '', '', ''
  ${users('radusergroup', 'u')}
UNION ALL ${versionSelect(t, schema)}`,
  }
}

// One tenant's statements, built once per count. One user alone costs MariaDB less unjoined.
const oneTenantSql = new Map<number, string>()
function oneTenantProfiles(count: number): string {
  let sql = oneTenantSql.get(count)
  if (sql === undefined) {
    if (count === 1) sql = `${profileSelects(0, false)}\nUNION ALL ${versionSelect(0, '')}`
    else {
      const { names, selects } = tenantProfiles(0, count, '')
      sql = `WITH ${names}\n${selects}`
    }
    oneTenantSql.set(count, sql)
  }
  return sql
}

/** The users of one tenant in a batch of profile loads, and what each will get. */
interface TenantLoads {
  connectionName: string
  names: string[]
  loaded: VersionedRows[]
}

/**
 * The profiles and versions of every tenant of a batch in one statement (one snapshot), on the
 * first tenant's connection. Tenants of a shared statement are named by schema.
 */
async function readProfiles(tenants: readonly TenantLoads[]) {
  let sql: string
  let values: string[]
  if (tenants.length === 1) {
    const { names } = tenants[0]
    sql = oneTenantProfiles(names.length)
    // profileSelects binds the name three times, a list of names each once.
    values = names.length === 1 ? new Array<string>(3).fill(names[0]) : names
  } else {
    const parts = tenants.map((tenant, t) =>
      tenantProfiles(t, tenant.names.length, statementGroupOf(tenant.connectionName).schema)
    )
    sql = `WITH ${parts.map((part) => part.names).join(',\n')}
${parts.map((part) => part.selects).join('\nUNION ALL ')}`
    values = tenants.flatMap((tenant) => tenant.names)
  }
  return driverQuery<ProfileRow & { t: number; k: number }>(tenants[0].connectionName, sql, values)
}

function stampVersion(loaded: VersionedRows, row: ProfileRow): void {
  loaded.version = Number(row.id)
  loaded.flushed = Number(row.priority)
}

/** One user's rows with its groups' rows, and the version, in one statement. */
async function readProfileWithGroups(
  connectionName: string,
  username: string
): Promise<VersionedRows> {
  const loaded: VersionedRows = { rows: [], version: -1, flushed: -1 }
  const rows = await driverQuery<ProfileRow>(
    connectionName,
    PROFILE_WITH_GROUPS_SQL,
    new Array<string>(5).fill(username)
  )
  for (const row of rows) {
    if (Number(row.src) !== VERSION_SOURCE) loaded.rows.push(row)
    else stampVersion(loaded, row)
  }
  if (loaded.version < 0) throw new Error(NO_VERSION_ROW)
  return loaded
}

// Cache misses: the first is read at once, those arriving while it is in flight share the next
// statement (so each is still read by a statement sent after it asked, as the cache needs),
// those of every tenant that can share one (shared_statements.ts). A burst of first logins (a
// router back online, a restart) costs MariaDB one statement per batch instead of one per
// user. When a shared statement fails (one tenant's database gone), each is read alone.
const profileLoads = new GroupCommit<{ connectionName: string; username: string }, VersionedRows>(
  async (_group, loads) => {
    const tenants: TenantLoads[] = []
    const byConnection = new Map<string, TenantLoads>()
    const results = loads.map(({ connectionName, username }) => {
      let tenant = byConnection.get(connectionName)
      if (!tenant) {
        tenant = { connectionName, names: [], loaded: [] }
        byConnection.set(connectionName, tenant)
        tenants.push(tenant)
      }
      const loaded: VersionedRows = { rows: [], version: -1, flushed: -1 }
      tenant.names.push(username)
      tenant.loaded.push(loaded)
      return loaded
    })
    for (const row of await readProfiles(tenants)) {
      const tenant = tenants[Number(row.t)]
      if (Number(row.src) !== VERSION_SOURCE) tenant.loaded[Number(row.k)].rows.push(row)
      else for (const loaded of tenant.loaded) stampVersion(loaded, row)
    }
    if (results.some((loaded) => loaded.version < 0)) throw new Error(NO_VERSION_ROW)
    return results
  },
  { maxBatch: 32 }
)

/** Statements the profile loads took, and loads read alone after a shared statement failed. */
export function profileLoadCounters() {
  return { ...profileLoads.counters }
}

const POST_AUTH_INSERT = `INSERT INTO radpostauth
  (username, pass, reply, authdate, reason, nasipaddress, callingstationid) VALUES `
const POST_AUTH_ROW = "(?, '', ?, ?, ?, ?, ?)"

// radpostauth rows of a tenant's logins, written together (one statement). Nothing waits for
// them but the log's readers, so they linger a second (or until 200 are queued): a statement
// every tenth of a second per tenant made one login at a time ~10 % slower, as each INSERT
// and its commit competed with the logins of the moment (bench/radius/README.md).
const postAuthRows = new GroupCommit<SqlValue[]>(
  async (connectionName, rows) => {
    await driverQuery(
      connectionName,
      POST_AUTH_INSERT + rows.map(() => POST_AUTH_ROW).join(', '),
      rows.flat()
    )
  },
  {
    lingerMs: 1000,
    onError: (error, row) => logger.error({ err: error }, 'auth log of %s not written', row[0]),
  }
)

/** Resolves once every radpostauth row submitted so far (without a transaction) is written. */
export function postAuthSettled(): Promise<void> {
  return postAuthRows.settled()
}

function postAuthValues(entry: PostAuthEntry): SqlValue[] {
  return [
    entry.username.slice(0, 64),
    entry.accept ? 'Access-Accept' : 'Access-Reject',
    toSqlTimeMs(entry.at),
    entry.reason?.slice(0, 255) ?? null,
    entry.nasIpAddress?.slice(0, 45) ?? null,
    entry.callingStationId?.slice(0, 50) ?? null,
  ]
}

/** Time and bytes a user used, totals over all sessions in radacct. */
export interface Usage {
  sessionTime: number
  inputOctets: number
  outputOctets: number
  totalOctets: number
}

/** An open session (radacct row without acctstoptime). */
export interface OpenSession {
  radacctid: number
  acctsessionid: string
  acctuniqueid: string
  nasId: number | null
  nasipaddress: string
  framedipaddress: string
  callingstationid: string
  acctstarttime: Date | null
  acctupdatetime: Date | null
  sessionTime: number
  inputOctets: number
  outputOctets: number
}

/** One radpostauth row. `pass` is never the password. */
export interface PostAuthEntry {
  username: string
  accept: boolean
  reason: string | null
  at: Date
  nasIpAddress: string | null
  callingStationId: string | null
}

/** Reads and the authorizer's writes, on the bound tenant's connection or a given client. */
export class RadiusUserRepository {
  readonly #profiles: AuthProfileCache | undefined

  /** `profiles`: the cache loadAuthProfile answers from (the RADIUS server's authorizer). */
  constructor(options: { profiles?: AuthProfileCache } = {}) {
    this.#profiles = options.profiles
  }

  /**
   * Check, reply, groups and group attributes of `username` in one query; null if unknown.
   * Through the cache when this repository has one and no `client` is given.
   */
  async loadAuthProfile(
    username: string,
    client?: QueryClientContract
  ): Promise<AuthProfile | null> {
    if (this.#profiles?.enabled && !client) {
      return this.#profiles.get(username, (connectionName, withGroups) =>
        withGroups
          ? readProfileWithGroups(connectionName, username)
          : profileLoads.submit(statementGroupOf(connectionName).key, { connectionName, username })
      )
    }
    client ??= tenantDb().client
    const result = await client.rawQuery(PROFILE_SQL, [
      username,
      username,
      username,
      username,
      username,
    ])
    return buildProfile(username, dialectOf(client).rows<ProfileRow>(result))
  }

  /** The cached profile, unchecked (AuthProfileCache.peek); undefined without a cache. */
  peekAuthProfile(username: string): AuthProfile | null | undefined {
    return this.#profiles?.peek(username)
  }

  /** A group's reply rows (the isolir profile), in id order. */
  async loadGroupReply(groupname: string): Promise<AttributeRow[]> {
    const { client, dialect } = tenantDb()
    const result = await client.rawQuery(
      'SELECT attribute, op, value FROM radgroupreply WHERE groupname = ? ORDER BY id',
      [groupname]
    )
    return dialect.rows<AttributeRow>(result)
  }

  /** Usage totals of `username` over every session, open or closed. */
  async usage(username: string, client = tenantDb().client): Promise<Usage> {
    const result = await client.rawQuery(
      `SELECT COALESCE(SUM(acctsessiontime), 0) AS t, COALESCE(SUM(acctinputoctets), 0) AS i,
        COALESCE(SUM(acctoutputoctets), 0) AS o FROM radacct WHERE username = ?`,
      [username]
    )
    const [row] = dialectOf(client).rows<{ t: unknown; i: unknown; o: unknown }>(result)
    // MySQL returns SUM() as DECIMAL text.
    const inputOctets = Number(row.i)
    const outputOctets = Number(row.o)
    return {
      sessionTime: Number(row.t),
      inputOctets,
      outputOctets,
      totalOctets: inputOctets + outputOctets,
    }
  }

  /**
   * Open sessions of `username`, not counting one of the same device on the same NAS: a device
   * that logs in again before its Stop arrived is not a second simultaneous user.
   */
  async countOpenSessions(
    username: string,
    sameDevice?: { nasId: number; callingStationId: string }
  ): Promise<number> {
    const { client, dialect } = tenantDb()
    let sql = 'SELECT COUNT(*) AS n FROM radacct WHERE username = ? AND acctstoptime IS NULL'
    const bindings: (string | number)[] = [username]
    if (sameDevice) {
      sql += ' AND NOT (COALESCE(nas_id, 0) = ? AND callingstationid = ?)'
      bindings.push(sameDevice.nasId, sameDevice.callingStationId)
    }
    const [row] = dialect.rows<{ n: unknown }>(await client.rawQuery(sql, bindings))
    return Number(row.n)
  }

  /** Open sessions of `username`, oldest first. */
  async openSessions(username: string): Promise<OpenSession[]> {
    const { client, dialect } = tenantDb()
    const result = await client.rawQuery(
      `SELECT radacctid, acctsessionid, acctuniqueid, nas_id, nasipaddress, framedipaddress,
        callingstationid, acctstarttime, acctupdatetime, acctsessiontime, acctinputoctets,
        acctoutputoctets FROM radacct WHERE username = ? AND acctstoptime IS NULL
        ORDER BY acctstarttime, radacctid`,
      [username]
    )
    return dialect.rows<Record<string, unknown>>(result).map((row) => ({
      radacctid: Number(row.radacctid),
      acctsessionid: String(row.acctsessionid),
      acctuniqueid: String(row.acctuniqueid),
      nasId: row.nas_id === null ? null : Number(row.nas_id),
      nasipaddress: String(row.nasipaddress),
      framedipaddress: String(row.framedipaddress),
      callingstationid: String(row.callingstationid),
      acctstarttime: fromSqlTime(row.acctstarttime),
      acctupdatetime: fromSqlTime(row.acctupdatetime),
      sessionTime: Number(row.acctsessiontime ?? 0),
      inputOctets: Number(row.acctinputoctets ?? 0),
      outputOctets: Number(row.acctoutputoctets ?? 0),
    }))
  }

  /** Writes one radpostauth row (`pass` holds '', never the password) in `trx`. */
  async insertPostAuth(entry: PostAuthEntry, trx: QueryClientContract): Promise<void> {
    await trx.rawQuery(POST_AUTH_INSERT + POST_AUTH_ROW, sqlBindings(postAuthValues(entry)))
  }

  /**
   * Queues the radpostauth row (as insertPostAuth) of the bound tenant, written with the rows
   * of its other logins within a second (postAuthSettled); a failure is logged.
   */
  logPostAuth(entry: PostAuthEntry): void {
    postAuthRows.add(tenantContext.require().connectionName, postAuthValues(entry))
  }

  /**
   * Turns the Rb-Access-Period row `periodRowId` into `Expiration := expiration` (replacing a
   * start-by deadline). Returns false when another login already did (the row was gone).
   */
  async startValidity(
    trx: QueryClientContract,
    username: string,
    periodRowId: number,
    expiration: string
  ): Promise<boolean> {
    const claimed = await trx.from('radcheck').where('id', periodRowId).delete()
    if (Number(claimed) !== 1) return false
    await trx.from('radcheck').where({ username, attribute: Check.Expiration }).delete()
    await trx
      .table('radcheck')
      .insert({ username, attribute: Check.Expiration, op: ':=', value: expiration })
    await radiusUsersChanged(trx, username)
    return true
  }

  /**
   * Binds `mac` (Calling-Station-Id ==) in place of the Rb-Bind-Mac-On-First-Login row
   * `flagRowId`. When another login claimed the flag first, returns the MACs it bound.
   */
  async bindMac(
    trx: QueryClientContract,
    username: string,
    flagRowId: number,
    mac: string
  ): Promise<{ bound: true } | { bound: false; boundMacs: string[] }> {
    const claimed = await trx.from('radcheck').where('id', flagRowId).delete()
    if (Number(claimed) === 1) {
      await trx
        .table('radcheck')
        .insert({ username, attribute: Check.CallingStationId, op: '==', value: mac })
      await radiusUsersChanged(trx, username)
      return { bound: true }
    }
    const rows = await trx
      .from('radcheck')
      .where({ username, attribute: Check.CallingStationId })
      .select('value')
    return { bound: false, boundMacs: rows.map((row: { value: string }) => row.value) }
  }
}
