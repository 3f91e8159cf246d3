/*
 * Device-driver calls to routers, run by RouterCallJob and recorded in the tenant's
 * `router_calls` table (what the customer and NAS pages show). Calls to one NAS run one at a
 * time, oldest first; calls to other NAS never wait for them (see RouterCallJob).
 */
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import Nas from '#models/central/nas'
import type { DeviceContext, DeviceDriver } from '#plugins/contracts/device_driver'
import { DeviceError } from '#plugins/errors'
import { NasRegistryError, toDeviceNas } from '#services/nas_registry_service'
import { tenantContext } from '#tenancy/tenant_context'
import { sqlTimestamp } from '#helpers/sql_timestamp'

/** A DeviceDriver method a router call runs. */
export type RouterCallAction = Exclude<keyof DeviceDriver, 'close'>

/** The arguments of `action` after the DeviceContext. */
export type RouterCallArgs<A extends RouterCallAction> = DeviceDriver[A] extends (
  ctx: DeviceContext,
  ...args: infer P
) => unknown
  ? P
  : never

/** Where a call stands; `done` and `failed` are final. */
export type RouterCallStatus = 'queued' | 'running' | 'done' | 'failed'

/** One recorded call. */
export interface RouterCall {
  id: number
  nasId: number
  action: RouterCallAction
  target: string | null
  status: RouterCallStatus
  attempts: number
  error: string | null
  result: unknown
  actor: string | null
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
}

/** What to run on which router. */
export interface RouterCallRequest<A extends RouterCallAction> {
  nasId: number
  action: A
  args: RouterCallArgs<A>
  /** Customer username or profile name; taken from the first argument when left out. */
  target?: string
  actor?: string
}

/**
 * A running call that has not been touched for this long is presumed dead (its worker crashed):
 * it no longer holds up its router's other calls and may be claimed again.
 */
export const ROUTER_CALL_LEASE_MS = 5 * 60_000

const UNFINISHED: RouterCallStatus[] = ['queued', 'running']
const MAX_TEXT = 8000

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null
  return value instanceof Date ? value : DateTime.fromSQL(String(value)).toJSDate()
}

function targetOf(args: readonly unknown[]): string | null {
  const first = args[0] as { username?: unknown; name?: unknown } | undefined
  const target = first?.username ?? first?.name
  return typeof target === 'string' ? target.slice(0, 120) : null
}

/** How a failure is recorded, and whether another attempt may succeed. */
export function describeFailure(error: unknown): { message: string; retryable: boolean } {
  const codes: string[] = []
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const code = (cause as Error & { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
    cause = cause.cause
  }
  const retryable = codes.some((code) =>
    ['E_DEVICE_UNREACHABLE', 'E_ROUTER_UNREACHABLE', 'E_ROUTER_TIMEOUT'].includes(code)
  )
  const text = error instanceof Error ? error.message : String(error)
  // The innermost code says most (E_ROUTER_TIMEOUT rather than the driver's E_DEVICE_UNREACHABLE).
  const message = codes.length > 0 ? `${codes.at(-1)}: ${text}` : text
  return { message: message.slice(0, MAX_TEXT), retryable }
}

/** The driver and the context one call runs with. */
export interface RouterDevice {
  driver: DeviceDriver
  context: DeviceContext
}

/**
 * Finds the device driver and context of a NAS of the bound tenant. RouterCallJob gets it
 * injected, so tests can swap it in the container.
 */
export class RouterDevices {
  /** The driver (from the plugin registry) and context of `nasId`. */
  async resolve(nasId: number): Promise<RouterDevice> {
    const { tenant } = tenantContext.require()
    const nas = await Nas.query().where('id', nasId).where('tenant_id', tenant.id).first()
    if (!nas) throw new NasRegistryError(`NAS #${nasId} does not exist`, 'E_NAS_UNKNOWN')
    // Resolved here, not imported: a process without the plugins provider can still load the job.
    const plugins = await app.container.make('plugins')
    const handle = await plugins.device(nas.driver)
    if (!handle.enabled) {
      throw new DeviceError(
        `The "${handle.manifest.name}" device plugin is turned off (Settings → Plugins)`,
        'E_DEVICE_UNSUPPORTED'
      )
    }
    return {
      driver: handle.instance,
      context: { nas: toDeviceNas(nas), settings: handle.settings },
    }
  }
}

/** Records and queues router calls of the bound tenant. */
export class RouterCallService {
  #db() {
    return db.connection(tenantContext.require().connectionName)
  }

  /** Record a call as queued and hand it to the router queue; resolves with its id. */
  async enqueue<A extends RouterCallAction>(request: RouterCallRequest<A>): Promise<number> {
    const now = sqlTimestamp()
    const [inserted] = await this.#db()
      .table('router_calls')
      .insert({
        nas_id: request.nasId,
        action: request.action,
        target: request.target?.slice(0, 120) ?? targetOf(request.args),
        // Sealed: arguments carry customer passwords. Cleared once the call has ended.
        args: encryption.encrypt(request.args),
        status: 'queued',
        attempts: 0,
        actor: request.actor?.slice(0, 120) ?? null,
        created_at: now,
        updated_at: now,
      })
    // SQLite and MySQL both answer an insert with [insertId].
    const id = Number(inserted)
    // Imported here: the job imports this service.
    const { default: RouterCallJob } = await import('#jobs/router_call_job')
    await RouterCallJob.dispatchCall(tenantContext.require().tenant.id, id)
    return id
  }

  /** The driver method's arguments of a call that has not ended (null once it has). */
  async argumentsOf(id: number): Promise<unknown[] | null> {
    const row = await this.#db().from('router_calls').where('id', id).select('args').first()
    if (!row?.args) return null
    const args = encryption.decrypt<unknown[]>(row.args)
    if (!args) throw new Error('The call cannot be decrypted: APP_KEY changed since it was queued')
    return args
  }

  /** One call. */
  async find(id: number): Promise<RouterCall | null> {
    const row = await this.#db().from('router_calls').where('id', id).first()
    return row ? this.#toCall(row) : null
  }

  /** Calls about a customer or profile (or of a NAS), newest first. */
  async list(filter: { target?: string; nasId?: number }, limit = 20): Promise<RouterCall[]> {
    const query = this.#db().from('router_calls').orderBy('id', 'desc').limit(limit)
    if (filter.target !== undefined) query.where('target', filter.target)
    if (filter.nasId !== undefined) query.where('nas_id', filter.nasId)
    const rows = await query
    return rows.map((row) => this.#toCall(row))
  }

  /** Whether an older call to the same NAS is still queued or running (and not presumed dead). */
  async waitsBehindOlder(call: RouterCall): Promise<boolean> {
    const older = await this.#db()
      .from('router_calls')
      .where('nas_id', call.nasId)
      .where('id', '<', call.id)
      .whereIn('status', UNFINISHED)
      .where('updated_at', '>', this.#leaseStart())
      .first()
    return Boolean(older)
  }

  /** The oldest call to the same NAS queued after `call`, which runs next. */
  async nextInLine(call: RouterCall): Promise<number | null> {
    const next = await this.#db()
      .from('router_calls')
      .where('nas_id', call.nasId)
      .where('id', '>', call.id)
      .where('status', 'queued')
      .orderBy('id')
      .select('id')
      .first()
    return next ? Number(next.id) : null
  }

  /** Mark the call running for this attempt; false when another worker already runs it. */
  async claim(id: number, attempt: number): Promise<boolean> {
    const now = sqlTimestamp()
    const claimed = await this.#db()
      .from('router_calls')
      .where('id', id)
      .where((query) =>
        query
          .where('status', 'queued')
          .orWhere((stale) =>
            stale.where('status', 'running').where('updated_at', '<=', this.#leaseStart())
          )
      )
      .update({ status: 'running', attempts: attempt, started_at: now, updated_at: now })
    return Number(claimed) > 0
  }

  /** The router did it. */
  async finish(id: number, result: unknown) {
    const json = result === undefined ? null : JSON.stringify(result)
    await this.#settle(id, 'done', {
      result: json && json.length <= MAX_TEXT ? json : null,
      error: null,
    })
  }

  /** This attempt failed; another one follows. */
  async retrying(id: number, error: string) {
    await this.#db()
      .from('router_calls')
      .where('id', id)
      .update({ status: 'queued', error, updated_at: sqlTimestamp() })
  }

  /** No attempt is left, or the router refused. */
  async fail(id: number, error: string) {
    await this.#settle(id, 'failed', { error })
  }

  async #settle(id: number, status: RouterCallStatus, values: Record<string, unknown>) {
    const now = sqlTimestamp()
    await this.#db()
      .from('router_calls')
      .where('id', id)
      .whereIn('status', UNFINISHED)
      .update({ ...values, status, args: null, finished_at: now, updated_at: now })
  }

  #leaseStart() {
    return sqlTimestamp(DateTime.now().minus({ milliseconds: ROUTER_CALL_LEASE_MS }))
  }

  #toCall(row: Record<string, unknown>): RouterCall {
    return {
      id: Number(row.id),
      nasId: Number(row.nas_id),
      action: row.action as RouterCallAction,
      target: (row.target as string | null) ?? null,
      status: row.status as RouterCallStatus,
      attempts: Number(row.attempts),
      error: (row.error as string | null) ?? null,
      result: typeof row.result === 'string' ? JSON.parse(row.result) : null,
      actor: (row.actor as string | null) ?? null,
      createdAt: toDate(row.created_at)!,
      startedAt: toDate(row.started_at),
      finishedAt: toDate(row.finished_at),
    }
  }
}
