import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { DomainVerificationService } from '#services/domain_verification_service'

/** Re-checks every custom domain's CNAME (scheduled in start/scheduler.ts). */
export default class VerifyCustomDomainsJob extends Job<Record<string, never>> {
  static options: JobOptions = { queue: 'default', maxRetries: 1 }

  async execute() {
    await new DomainVerificationService().verifyAll()
  }
}
