import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import Tenant from '#models/central/tenant'
import tenancy from '#tenancy/main'
import { VoucherBatchService } from '#services/voucher_batch_service'

interface GenerateVoucherBatchPayload {
  tenantId: number
  batchId: number
}

/**
 * Writes a voucher batch recorded by VoucherBatchService.start, in its tenant's scope. Not
 * retried by the queue: a failed batch says why on its progress page, and running it again
 * (the service's `generate`) only writes the vouchers still missing.
 */
export default class GenerateVoucherBatchJob extends Job<GenerateVoucherBatchPayload> {
  static options: JobOptions = { queue: 'default', maxRetries: 0, timeout: '15m' }

  async execute() {
    const tenant = await Tenant.find(this.payload.tenantId)
    // A tenant deleted meanwhile has no batch left to write.
    if (!tenant) return
    await tenancy.run(tenant, () => new VoucherBatchService().generate(this.payload.batchId))
  }
}
