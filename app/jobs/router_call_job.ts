import { inject } from '@adonisjs/core'
import { exponentialBackoff, Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import Tenant from '#models/central/tenant'
import tenancy from '#tenancy/main'
import {
  describeFailure,
  RouterCallService,
  RouterDevices,
  type RouterCall,
} from '#services/router_call_service'

interface RouterCallPayload {
  tenantId: number
  /** The `router_calls` row (NAS, action, sealed arguments) in the tenant's database. */
  callId: number
  /** How many times the call found its router busy so far. */
  deferrals?: number
}

type DriverMethod = (...args: unknown[]) => Promise<unknown>

/** Longest wait of a call whose router is busy before it looks again. */
const MAX_BUSY_DELAY_MS = 30_000

/**
 * Runs one recorded router call inside its tenant's scope and records how it went.
 *
 * Why one `routers` queue and not a queue per router: `queue:work` polls the fixed list of queue
 * names it was started with (`--queue=a,b`), so a queue named after a router added later would
 * never be polled. Instead, calls to one NAS run one at a time, oldest first, ordered by the
 * `router_calls` table. A job whose router still has an older call pending does not wait for it
 * (that would hold a worker slot): it looks again later, backing off up to 30 s, and the call
 * that ends hands over to the next one in line at once. A router therefore holds at most one
 * worker slot, for one attempt bounded by the RouterOS client's timeouts, and calls to every
 * other router keep flowing. Connection failures are retried with backoff; a refusal by the
 * router (`!trap`, wrong credentials) is recorded as failed at once.
 */
@inject()
export default class RouterCallJob extends Job<RouterCallPayload> {
  static options: JobOptions = {
    queue: 'routers',
    retry: { maxRetries: 3, backoff: exponentialBackoff({ baseDelay: '5s', maxDelay: '1m' }) },
    // Above a whole attempt's worst case (a few commands, each bounded by the client timeout).
    timeout: '2m',
  }

  /** First wait of a call whose router is busy; doubled at each look, up to 30 s. */
  static busyDelayMs = 1000

  constructor(protected devices: RouterDevices) {
    super()
  }

  /** Queue a job for a recorded call, now or after `delayMs`. */
  static async dispatchCall(tenantId: number, callId: number, delayMs = 0, deferrals = 0) {
    const dispatch = RouterCallJob.dispatch({ tenantId, callId, deferrals })
    await (delayMs > 0 ? dispatch.in(delayMs) : dispatch)
  }

  async execute() {
    const tenant = await Tenant.find(this.payload.tenantId)
    // A tenant deleted meanwhile has no calls left to record.
    if (!tenant) return
    await tenancy.run(tenant, () => this.#run(new RouterCallService()))
  }

  /** The queue gave up (job timeout, database unreachable): record it if the job could not. */
  async failed(error: Error) {
    const tenant = await Tenant.find(this.payload.tenantId)
    if (!tenant) return
    const { message } = describeFailure(error.cause ?? error)
    await tenancy.run(tenant, async () => {
      const calls = new RouterCallService()
      await calls.fail(this.payload.callId, message)
      const call = await calls.find(this.payload.callId)
      if (call) await this.#handOver(calls, call)
    })
  }

  async #run(calls: RouterCallService) {
    const { tenantId, callId, deferrals = 0 } = this.payload
    const call = await calls.find(callId)
    if (!call || call.status === 'done' || call.status === 'failed') return
    if (await calls.waitsBehindOlder(call)) {
      const delay = Math.min(RouterCallJob.busyDelayMs * 2 ** deferrals, MAX_BUSY_DELAY_MS)
      await RouterCallJob.dispatchCall(tenantId, callId, delay, deferrals + 1)
      return
    }
    if (!(await calls.claim(call.id, this.context.attempt))) return
    try {
      await calls.finish(call.id, await this.#call(calls, call))
    } catch (error) {
      const failure = describeFailure(error)
      const maxRetries = RouterCallJob.options.retry?.maxRetries ?? 0
      if (failure.retryable && this.context.attempt <= maxRetries) {
        // The router's lane stays held: its next call must not overtake this one.
        await calls.retrying(call.id, failure.message)
        throw error
      }
      await calls.fail(call.id, failure.message)
    }
    await this.#handOver(calls, call)
  }

  async #call(calls: RouterCallService, call: RouterCall): Promise<unknown> {
    const args = await calls.argumentsOf(call.id)
    if (!args) throw new Error(`Router call #${call.id} has no arguments left`)
    const { driver, context } = await this.devices.resolve(call.nasId)
    const method = driver[call.action] as DriverMethod
    return method.call(driver, context, ...args)
  }

  /** Start the router's next call now rather than when it next looks. */
  async #handOver(calls: RouterCallService, call: RouterCall) {
    const next = await calls.nextInLine(call)
    if (next !== null) await RouterCallJob.dispatchCall(this.payload.tenantId, next)
  }
}
