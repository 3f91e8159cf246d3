import type { HttpContext } from '@adonisjs/core/http'
import Domain from '#models/central/domain'
import { DomainVerificationService } from '#services/domain_verification_service'

/** Cloud Manager: check a tenant's custom domain on demand. */
export default class DomainsController {
  async verify({ params, response, session, i18n }: HttpContext) {
    const domain = await Domain.findOrFail(params.id)
    const ok = await new DomainVerificationService().verify(domain)
    session.flash(
      ok ? 'success' : 'warning',
      ok
        ? i18n.t('settings.domain_verified')
        : `${i18n.t('settings.domain_pending')}: ${domain.lastCheckError}`
    )
    return response.redirect().toPath(`/platform/tenants/${domain.tenantId}`)
  }
}
