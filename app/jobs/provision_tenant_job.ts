import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { TenantProvisioningService } from '#services/tenant_provisioning_service'

interface ProvisionTenantPayload {
  runId: string
  ownerPasswordHash: string
  ownerName: string
}

/** Creates a reserved tenant's database, tables, roles and Owner (see TenantProvisioningService). */
export default class ProvisionTenantJob extends Job<ProvisionTenantPayload> {
  static options: JobOptions = {
    queue: 'default',
    // Provisioning rolls itself back on failure; a retry would find no tenant to provision.
    maxRetries: 0,
  }

  async execute() {
    await new TenantProvisioningService().provision(this.payload.runId, {
      passwordHash: this.payload.ownerPasswordHash,
      name: this.payload.ownerName,
    })
  }
}
