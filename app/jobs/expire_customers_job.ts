import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { CustomerService } from '#services/customer_service'
import tenancy from '#tenancy/main'

/**
 * Marks customers expired once their validity has passed, in every active tenant
 * (start/scheduler.ts, every minute): RADIUS refuses them and API-mode routers disable them,
 * which logs them out (CustomerService.expireOverdue). Stops starting new chunks after 50 s so runs
 * never overlap; what is left waits a minute.
 */
export default class ExpireCustomersJob extends Job<Record<string, never>> {
  static options: JobOptions = { queue: 'default', maxRetries: 0, timeout: '2m' }

  /** How long one run keeps expiring customers. */
  static budgetMs = 50_000

  async execute() {
    const until = new Date(Date.now() + ExpireCustomersJob.budgetMs)
    await tenancy.forEachActiveTenant('Customer expiry', () =>
      new CustomerService().expireOverdue({ until })
    )
  }
}
