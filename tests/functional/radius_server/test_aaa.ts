/*
 * Small AAA doubles behind the server contracts: an authorizer with per-tenant cleartext users
 * checked by the real password validators, and a recorder writing `radacct` directly. They
 * count their calls and assert that they run inside the right tenant scope.
 */
import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/central/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import { stringAttribute, type OutgoingAttribute } from '#radius/codec/index'
import { pickValidator } from '#radius/auth/validators/index'
import { toSqlTime } from '#radius/sql/sql_time'
import type { AccountingRecorder, Authorizer, AuthResult, RadiusRequest } from '#radius/types'

function requireScope(request: RadiusRequest) {
  const scope = tenantContext.require()
  if (scope.tenant.id !== request.tenant.id) throw new Error('ran in the wrong tenant scope')
  return scope
}

/** Reply attributes every accepted test user gets. */
export const ACCEPT_ATTRIBUTES: OutgoingAttribute[] = [
  ['Session-Timeout', 3600],
  ['Vendor-Specific', 14988, [['Mikrotik-Rate-Limit', '2M/10M 4M/20M 1500k/8M 16/16 8 1M/4M']]],
]

/** Cleartext users per tenant. */
export class TestAuthorizer implements Authorizer {
  calls = 0
  /** Delay before answering, to hold requests in flight. */
  delayMs = 0
  #users = new Map<number, Map<string, string>>()

  add(tenant: Tenant, username: string, password: string): this {
    let users = this.#users.get(tenant.id)
    if (!users) this.#users.set(tenant.id, (users = new Map()))
    users.set(username, password)
    return this
  }

  async authorize(request: RadiusRequest): Promise<AuthResult> {
    this.calls++
    const scope = requireScope(request)
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs))
    const username = stringAttribute(request.packet.attributes, 'User-Name') ?? ''
    if (request.tenant.status !== 'active') {
      const reason = `ISP account is ${request.tenant.status}`
      await db
        .connection(scope.connectionName)
        .table('radpostauth')
        .insert({
          username,
          reply: 'Access-Reject',
          authdate: toSqlTime(request.receivedAt),
          reason,
        })
      return { accept: false, attributes: [], reason }
    }
    const password = this.#users.get(scope.tenant.id)?.get(username)
    const validator = pickValidator(request.packet)
    if (password === undefined || !validator) {
      return { accept: false, attributes: [], reason: 'unknown user' }
    }
    const result = validator.validate(request.packet, password, request.nas.secret)
    if (!result.ok)
      return { accept: false, attributes: [...result.replyAttributes], reason: result.reason }
    return { accept: true, attributes: [...result.replyAttributes, ...ACCEPT_ATTRIBUTES] }
  }
}

/** Writes Start / Interim-Update / Stop into the tenant's `radacct` (totals, never sums). */
export class TestRecorder implements AccountingRecorder {
  calls = 0
  /** While set, every call fails as if the database were away. */
  failing = false

  async record(request: RadiusRequest): Promise<void> {
    this.calls++
    const { connectionName } = requireScope(request)
    if (this.failing) throw new Error('database unavailable (simulated)')
    const attributes = request.packet.attributes
    const sessionId = stringAttribute(attributes, 'Acct-Session-Id') ?? ''
    const username = stringAttribute(attributes, 'User-Name') ?? ''
    const uniqueId = createHash('md5')
      .update(`${request.nas.id}/${sessionId}/${username}`)
      .digest('hex')
    const status = attributes['Acct-Status-Type']
    const now = toSqlTime(request.receivedAt)
    const connection = db.connection(connectionName)
    const counters = {
      acctinputoctets:
        Number(attributes['Acct-Input-Octets'] ?? 0) +
        Number(attributes['Acct-Input-Gigawords'] ?? 0) * 2 ** 32,
      acctoutputoctets:
        Number(attributes['Acct-Output-Octets'] ?? 0) +
        Number(attributes['Acct-Output-Gigawords'] ?? 0) * 2 ** 32,
      acctsessiontime: Number(attributes['Acct-Session-Time'] ?? 0),
      acctupdatetime: now,
    }
    await connection
      .table('radacct')
      .insert({
        acctuniqueid: uniqueId,
        acctsessionid: sessionId,
        username,
        nasipaddress: request.nas.ipAddress ?? '',
        framedipaddress: stringAttribute(attributes, 'Framed-IP-Address') ?? '',
        acctstarttime: now,
        nas_id: request.nas.id,
      })
      .onConflict('acctuniqueid')
      .ignore()
    if (status !== 'Start') {
      await connection
        .from('radacct')
        .where('acctuniqueid', uniqueId)
        .update(status === 'Stop' ? { ...counters, acctstoptime: now } : counters)
    }
  }
}
