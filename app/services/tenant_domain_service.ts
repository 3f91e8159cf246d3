import Domain from '#models/central/domain'
import type Tenant from '#models/central/tenant'
import { DomainVerificationService } from '#services/domain_verification_service'
import { AuditService } from '#services/audit_service'

/** A tenant's host names: its subdomain (fixed) and the custom domains it adds and proves. */
export class TenantDomainService {
  static list(tenant: Tenant) {
    return Domain.query().where('tenant_id', tenant.id).orderBy('kind', 'desc').orderBy('id')
  }

  /** One of this tenant's domains; another tenant's id is simply not found. */
  static find(tenant: Tenant, id: number) {
    return Domain.query().where('tenant_id', tenant.id).where('id', id).firstOrFail()
  }

  /** Add a custom domain and check its CNAME at once (it serves only once verified). */
  static async add(tenant: Tenant, host: string, actorEmail: string) {
    const domain = await Domain.create({
      tenantId: tenant.id,
      host,
      kind: 'custom',
      isPrimary: false,
    })
    await AuditService.record({
      actorType: 'tenant',
      actorEmail,
      tenantId: tenant.id,
      action: 'domain.added',
      details: { host },
    })
    await new DomainVerificationService().verify(domain)
    return domain
  }

  /** Remove a custom domain (the subdomain stays: it is how the tenant is always reachable). */
  static async remove(domain: Domain, actorEmail: string) {
    if (domain.kind !== 'custom') return false
    await domain.delete()
    await AuditService.record({
      actorType: 'tenant',
      actorEmail,
      tenantId: domain.tenantId,
      action: 'domain.removed',
      details: { host: domain.host },
    })
    return true
  }
}
