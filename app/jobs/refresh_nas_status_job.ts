import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { NasStatusService } from '#services/nas_status_service'

/**
 * Refreshes the status of every NAS of every active tenant (start/scheduler.ts, every minute):
 * a few routers at a time, each check bounded, none started after 50 s so runs never overlap.
 */
export default class RefreshNasStatusJob extends Job<Record<string, never>> {
  static options: JobOptions = { queue: 'default', maxRetries: 0, timeout: '2m' }

  /** Routers checked at the same time. */
  static concurrency = 8

  /** Longest wait for one router. */
  static perRouterTimeoutMs = 20_000

  async execute() {
    await NasStatusService.refreshAll({
      concurrency: RefreshNasStatusJob.concurrency,
      timeoutMs: RefreshNasStatusJob.perRouterTimeoutMs,
    })
  }
}
