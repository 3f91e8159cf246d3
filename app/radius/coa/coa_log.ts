/*
 * Where CoA / Disconnect exchanges are recorded: the `coa_log` table of the NAS's tenant.
 */
import db from '@adonisjs/lucid/services/db'
import Tenant from '#models/central/tenant'
import tenancy from '#tenancy/main'
import { tenantContext } from '#tenancy/tenant_context'
import type { OutgoingAttribute } from '../codec/index.js'
import { toSqlTime } from '../sql/sql_time.js'

/** One exchange, as stored. */
export interface CoaLogEntry {
  nasId: number
  action: 'disconnect' | 'coa'
  username: string
  acctSessionId: string
  framedIpAddress: string | null
  /** What a CoA-Request changed. */
  attributes: readonly OutgoingAttribute[]
  result: 'ack' | 'nak' | 'timeout' | 'error'
  errorCause: number | null
  attempts: number
  actor: string | null
  durationMs: number
  at: Date
}

/** Stores CoA log entries; the client never fails a CoA because logging failed. */
export interface CoaLog {
  record(tenantId: number, entry: CoaLogEntry): Promise<void>
}

function attributesJson(attributes: readonly OutgoingAttribute[]): string | null {
  if (attributes.length === 0) return null
  return JSON.stringify(attributes, (_key, value) =>
    value && value.type === 'Buffer' && Array.isArray(value.data)
      ? `0x${Buffer.from(value.data).toString('hex')}`
      : value
  )
}

/** Writes into the tenant's `coa_log`, in the bound tenant scope or a fresh one. */
export class TenantCoaLog implements CoaLog {
  async record(tenantId: number, entry: CoaLogEntry): Promise<void> {
    const scope = tenantContext.current()
    if (scope?.tenant.id === tenantId) return this.#insert(scope.connectionName, entry)
    const tenant = await Tenant.find(tenantId)
    if (!tenant) return
    await tenancy.run(tenant, () => this.#insert(tenantContext.require().connectionName, entry))
  }

  async #insert(connectionName: string, entry: CoaLogEntry): Promise<void> {
    await db
      .connection(connectionName)
      .table('coa_log')
      .insert({
        nas_id: entry.nasId,
        action: entry.action,
        username: entry.username.slice(0, 64),
        acct_session_id: entry.acctSessionId.slice(0, 64),
        framed_ip_address: entry.framedIpAddress,
        attributes: attributesJson(entry.attributes),
        result: entry.result,
        error_cause: entry.errorCause,
        attempts: entry.attempts,
        actor: entry.actor?.slice(0, 120) ?? null,
        duration_ms: entry.durationMs,
        created_at: toSqlTime(entry.at),
      })
  }
}
