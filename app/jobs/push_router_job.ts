import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import Tenant from '#models/central/tenant'
import RouterCallJob from '#jobs/router_call_job'
import tenancy from '#tenancy/main'
import { DeviceSyncService } from '#services/device_sync_service'

interface PushRouterPayload {
  tenantId: number
  nasId: number
  /** Customers after this id are still to push; left out, the packages go first. */
  afterId?: number
}

/**
 * Queues every package, then every customer, of a tenant for one API-mode router
 * (DeviceSyncService.pushAll). Each run queues one chunk and dispatches the next, carrying where
 * it stopped: no run outlasts the job timeout, and a failed chunk is retried alone (drivers
 * upsert, so a call queued twice is harmless). While the router has `maxBacklog` calls still
 * waiting, the next chunk waits too: a push of 100,000 customers never buries the queue in jobs
 * that can only wait for that router's lane.
 */
export default class PushRouterJob extends Job<PushRouterPayload> {
  static options: JobOptions = {
    // `routers`, not `default`: this is router work, run by the workers that run the calls it
    // queues, and a long push then never holds up provisioning, CoA or the scheduled jobs.
    queue: 'routers',
    // Retried like the calls it queues (a database hiccup passes as a router's does).
    retry: RouterCallJob.options.retry,
    timeout: '2m',
  }

  /** Customers queued per run. */
  static chunkSize = 500

  /** Calls to the router still waiting above which the next chunk waits. */
  static maxBacklog = 1000

  /** How long the next chunk waits for the backlog to go down before it looks again. */
  static backlogDelayMs = 10_000

  async execute() {
    const tenant = await Tenant.find(this.payload.tenantId)
    // A tenant deleted meanwhile has nothing left to push.
    if (!tenant) return
    await tenancy.run(tenant, () => this.#step(new DeviceSyncService()))
  }

  async #step(sync: DeviceSyncService) {
    const { afterId, nasId } = this.payload
    // Removed, or switched back to RADIUS, since the push began: nothing more to push.
    const nas = await sync.apiRouter(nasId)
    if (!nas) return
    if (afterId === undefined) {
      await sync.pushPackages(nas)
      return this.#next(0)
    }
    const { queued } = await sync.callCounts(nas.id)
    if (queued >= PushRouterJob.maxBacklog) {
      return this.#next(afterId, PushRouterJob.backlogDelayMs)
    }
    const last = await sync.pushCustomers(nas, afterId, PushRouterJob.chunkSize)
    if (last !== null) await this.#next(last)
  }

  async #next(afterId: number, delayMs = 0) {
    const dispatch = PushRouterJob.dispatch({ ...this.payload, afterId })
    await (delayMs > 0 ? dispatch.in(delayMs) : dispatch)
  }
}
