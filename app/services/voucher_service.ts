/*
 * Vouchers as operators see them: the list, each voucher's state read from its RADIUS data
 * (radcheck, radpostauth, radacct; see VoucherStatus), who used it on which device, and the
 * batch actions that change its RADIUS rows (disable, enable, delete the unused ones).
 */
import { DateTime } from 'luxon'
import Voucher from '#models/tenant/voucher'
import type VoucherBatch from '#models/tenant/voucher_batch'
import { VoucherStatus } from '#enums/voucher_status'
import { inTenantTransaction, tenantDb } from '#radius/sql/tenant_db'
import { fromSqlTime } from '#radius/sql/sql_time'
import { Check } from '#radius/users/attribute_names'
import { radiusGroupsChanged } from '#radius/users/auth_profile_cache'
import { parseExpiration } from '#radius/users/expiration'
import { tenantContext } from '#tenancy/tenant_context'

/** A voucher's state and what the RADIUS data says about its use. */
export interface VoucherState {
  status: VoucherStatus
  /** First accepted login (or first session), and the device it came from. */
  firstUsedAt: Date | null
  usedByMac: string | null
  /** End of validity, or the deadline to start using it while unused. */
  expiresAt: Date | null
  sessionTime: number
  totalOctets: number
}

/** The RADIUS facts about one voucher that its state is derived from. */
export interface VoucherFacts {
  /** The user's own radcheck values by attribute. */
  check: Map<string, string>
  /** Quotas of the user, or of its group. */
  timeQuota: number | null
  dataQuota: number | null
  firstUse: { at: Date; mac: string | null } | null
  sessionTime: number
  totalOctets: number
}

/** Counts of a batch's vouchers. */
export interface BatchCounts {
  total: number
  used: number
  disabled: number
}

const STATE_ATTRIBUTES = [
  Check.AuthType,
  Check.AccountStatus,
  Check.Expiration,
  Check.AccessPeriod,
  Check.TimeQuota,
  Check.DataQuota,
]

/** The state the RADIUS server would act on, in the order its pipeline checks them. */
export function voucherStateOf(facts: VoucherFacts, now: Date, zone: string): VoucherState {
  const expiration = facts.check.get(Check.Expiration)
  const expiresAt = expiration === undefined ? null : parseExpiration(expiration, zone)
  const used = facts.firstUse !== null || facts.sessionTime > 0
  const quotaUsed =
    (facts.timeQuota !== null && facts.sessionTime >= facts.timeQuota) ||
    (facts.dataQuota !== null && facts.totalOctets >= facts.dataQuota)
  let status = VoucherStatus.Active
  if (facts.check.get(Check.AuthType)?.toLowerCase() === 'reject') status = VoucherStatus.Disabled
  else if (facts.check.get(Check.AccountStatus) === 'expired') status = VoucherStatus.Expired
  else if (used && quotaUsed) status = VoucherStatus.UsedUp
  else if (expiresAt && expiresAt <= now) status = VoucherStatus.Expired
  else if (!used) status = VoucherStatus.Unused
  return {
    status,
    firstUsedAt: facts.firstUse?.at ?? null,
    usedByMac: facts.firstUse?.mac ?? null,
    expiresAt,
    sessionTime: facts.sessionTime,
    totalOctets: facts.totalOctets,
  }
}

/** Reads and acts on the vouchers of the bound tenant. */
export class VoucherService {
  readonly #clock: () => Date

  constructor(options: { clock?: () => Date } = {}) {
    this.#clock = options.clock ?? (() => new Date())
  }

  /** The voucher list (of one batch), as a query to page over. */
  listQuery(batchId?: number) {
    const query = Voucher.query()
    if (batchId) query.where('batch_id', batchId)
    return query
  }

  /** The state of each of `codes` (a page of the list), from four reads of the RADIUS tables. */
  async statesOf(codes: string[]): Promise<Map<string, VoucherState>> {
    const states = new Map<string, VoucherState>()
    if (codes.length === 0) return states
    const { client } = tenantDb()
    const [checks, groupQuotas, accepts, sessions] = await Promise.all([
      client
        .from('radcheck')
        .whereIn('username', codes)
        .whereIn('attribute', STATE_ATTRIBUTES)
        .select('username', 'attribute', 'value'),
      client
        .from('radusergroup as g')
        .join('radgroupcheck as c', 'c.groupname', 'g.groupname')
        .whereIn('g.username', codes)
        .whereIn('c.attribute', [Check.TimeQuota, Check.DataQuota])
        .select('g.username', 'c.attribute', 'c.value'),
      client
        .from('radpostauth')
        .whereIn('username', codes)
        .where('reply', 'Access-Accept')
        .orderBy('authdate')
        .select('username', 'authdate', 'callingstationid'),
      client
        .from('radacct')
        .whereIn('username', codes)
        .orderBy('radacctid')
        .select('username', 'acctstarttime', 'callingstationid', 'acctsessiontime')
        .select('acctinputoctets', 'acctoutputoctets'),
    ])
    const facts = new Map<string, VoucherFacts>()
    const of = (code: string) => {
      let fact = facts.get(code)
      if (!fact) {
        fact = {
          check: new Map(),
          timeQuota: null,
          dataQuota: null,
          firstUse: null,
          sessionTime: 0,
          totalOctets: 0,
        }
        facts.set(code, fact)
      }
      return fact
    }
    for (const row of groupQuotas) of(row.username).check.set(`group:${row.attribute}`, row.value)
    for (const row of checks) of(row.username).check.set(row.attribute, row.value)
    for (const row of accepts) {
      of(row.username).firstUse ??= { at: fromSqlTime(row.authdate)!, mac: row.callingstationid }
    }
    for (const row of sessions) {
      const fact = of(row.username)
      fact.sessionTime += Number(row.acctsessiontime ?? 0)
      fact.totalOctets += Number(row.acctinputoctets ?? 0) + Number(row.acctoutputoctets ?? 0)
      fact.firstUse ??= { at: fromSqlTime(row.acctstarttime)!, mac: row.callingstationid || null }
    }
    const now = this.#clock()
    const zone = tenantContext.require().tenant.timezone || 'UTC'
    for (const code of codes) {
      const fact = of(code)
      // The user's own quota wins over its group's, as in the authorization pipeline.
      const quota = (name: string) => {
        const value = fact.check.get(name) ?? fact.check.get(`group:${name}`)
        return value === undefined ? null : Number(value)
      }
      fact.timeQuota = quota(Check.TimeQuota)
      fact.dataQuota = quota(Check.DataQuota)
      states.set(code, voucherStateOf(fact, now, zone))
    }
    return states
  }

  /** How many vouchers the batch has, how many were used, how many are disabled. */
  async counts(batch: VoucherBatch): Promise<BatchCounts> {
    const { client } = tenantDb()
    const count = async (query: any) => {
      const [row] = await query.count('* as total')
      return Number(row.total)
    }
    const vouchers = () => client.from('vouchers as v').where('v.batch_id', batch.id)
    const [total, used, disabled] = await Promise.all([
      count(vouchers()),
      count(
        vouchers().where((q) =>
          q
            .whereExists((e) =>
              e
                .from('radpostauth as p')
                .whereColumn('p.username', 'v.code')
                .where('p.reply', 'Access-Accept')
            )
            .orWhereExists((e) => e.from('radacct as a').whereColumn('a.username', 'v.code'))
        )
      ),
      count(
        vouchers().whereExists((e) =>
          e
            .from('radcheck as c')
            .whereColumn('c.username', 'v.code')
            .where('c.attribute', Check.AuthType)
        )
      ),
    ])
    return { total, used, disabled }
  }

  /** Disables every voucher of the batch (Auth-Type := Reject) and disconnects its sessions. */
  async disable(batch: VoucherBatch): Promise<number> {
    await inTenantTransaction(undefined, async (trx) => {
      await trx.rawQuery(
        `INSERT INTO radcheck (username, attribute, op, value)
          SELECT v.code, ?, ':=', 'Reject' FROM vouchers v WHERE v.batch_id = ? AND NOT EXISTS
          (SELECT 1 FROM radcheck c WHERE c.username = v.code AND c.attribute = ?)`,
        [Check.AuthType, batch.id, Check.AuthType]
      )
      batch.useTransaction(trx)
      batch.disabledAt = DateTime.now()
      await batch.save()
      await radiusGroupsChanged(trx)
    })
    const { SessionCoaService } = await import('#services/session_coa_service')
    const online = await tenantDb()
      .client.from('radacct as a')
      .join('vouchers as v', 'v.code', 'a.username')
      .where('v.batch_id', batch.id)
      .whereNull('a.acctstoptime')
      .distinct('a.username')
    const sessions = new SessionCoaService()
    const targets = await sessions.openSessionsOf(online.map((row) => row.username))
    return sessions.queue(targets, { kind: 'disconnect' })
  }

  /** Lets the batch's vouchers log in again. */
  async enable(batch: VoucherBatch): Promise<void> {
    await inTenantTransaction(undefined, async (trx) => {
      await trx.rawQuery(
        'DELETE FROM radcheck WHERE attribute = ? AND username IN (SELECT code FROM vouchers WHERE batch_id = ?)',
        [Check.AuthType, batch.id]
      )
      batch.useTransaction(trx)
      batch.disabledAt = null
      await batch.save()
      await radiusGroupsChanged(trx)
    })
  }

  /**
   * Deletes the vouchers never used (no accepted login, no session) with their RADIUS rows;
   * used ones stay for their history. Returns how many were deleted.
   */
  async deleteUnused(batch: VoucherBatch): Promise<number> {
    return inTenantTransaction(undefined, async (trx) => {
      const unused: { id: number; code: string }[] = await trx
        .from('vouchers as v')
        .where('v.batch_id', batch.id)
        .whereNotExists((q) =>
          q
            .from('radpostauth as p')
            .whereColumn('p.username', 'v.code')
            .where('p.reply', 'Access-Accept')
        )
        .whereNotExists((q) => q.from('radacct as a').whereColumn('a.username', 'v.code'))
        .select('v.id', 'v.code')
      for (let start = 0; start < unused.length; start += 1000) {
        const slice = unused.slice(start, start + 1000)
        const codes = slice.map((row) => row.code)
        for (const table of ['radcheck', 'radreply', 'radusergroup']) {
          await trx.from(table).whereIn('username', codes).delete()
        }
        await trx
          .from('vouchers')
          .whereIn(
            'id',
            slice.map((row) => row.id)
          )
          .delete()
      }
      // Many users at once: one stamp for the RADIUS server's profile cache.
      if (unused.length) await radiusGroupsChanged(trx)
      return unused.length
    })
  }
}
