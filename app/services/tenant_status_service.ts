import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/central/tenant'
import type PlatformUser from '#models/central/platform_user'
import { TenantStatus } from '#enums/tenant_status'
import { AuditService } from '#services/audit_service'
import { NasRegistryService } from '#services/nas_registry_service'

/**
 * Suspends and restores tenants. A suspended tenant's hosts show a "suspended" page on the next
 * request (host resolution reads the status every time) and, from the RADIUS issue on, its users
 * are rejected. Every change is audit-logged with its reason.
 */
export class TenantStatusService {
  static async suspend(tenant: Tenant, reason: string, actor: PlatformUser, ip: string | null) {
    await db.transaction(async (trx) => {
      tenant.useTransaction(trx)
      await tenant
        .merge({
          status: TenantStatus.Suspended,
          suspendedReason: reason,
          suspendedAt: DateTime.now(),
        })
        .save()
      await NasRegistryService.bumpVersion(trx) // RADIUS routing carries the tenant's status
      await AuditService.record(
        {
          actorType: 'platform',
          actorId: actor.id,
          actorEmail: actor.email,
          tenantId: tenant.id,
          action: 'tenant.suspended',
          details: { reason },
          ip,
        },
        trx
      )
    })
  }

  static async unsuspend(tenant: Tenant, reason: string, actor: PlatformUser, ip: string | null) {
    await db.transaction(async (trx) => {
      tenant.useTransaction(trx)
      await tenant
        .merge({ status: TenantStatus.Active, suspendedReason: null, suspendedAt: null })
        .save()
      await NasRegistryService.bumpVersion(trx)
      await AuditService.record(
        {
          actorType: 'platform',
          actorId: actor.id,
          actorEmail: actor.email,
          tenantId: tenant.id,
          action: 'tenant.unsuspended',
          details: { reason },
          ip,
        },
        trx
      )
    })
  }
}
