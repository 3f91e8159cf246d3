import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { customDomainField } from '#validators/custom_domain_rule'
import { TenantDomainService } from '#services/tenant_domain_service'
import { DomainVerificationService } from '#services/domain_verification_service'

const addDomainValidator = vine.create({ host: customDomainField() })

/** The Owner's custom domains: add one, check its CNAME again, remove it. */
export default class DomainsController {
  async store({ request, response, tenant, auth, session, i18n }: HttpContext) {
    const { host } = await request.validateUsing(addDomainValidator)
    const domain = await TenantDomainService.add(
      tenant!,
      host,
      auth.use('web').getUserOrFail().email
    )
    session.flash(
      domain.verifiedAt ? 'success' : 'warning',
      i18n.t(domain.verifiedAt ? 'settings.domain_verified' : 'settings.domain_pending')
    )
    return response.redirect().toPath('/settings')
  }

  async verify({ params, response, tenant, session, i18n }: HttpContext) {
    const domain = await TenantDomainService.find(tenant!, params.id)
    const ok = await new DomainVerificationService().verify(domain)
    session.flash(
      ok ? 'success' : 'warning',
      ok
        ? i18n.t('settings.domain_verified')
        : `${i18n.t('settings.domain_pending')}: ${domain.lastCheckError}`
    )
    return response.redirect().toPath('/settings')
  }

  async destroy({ params, response, tenant, auth }: HttpContext) {
    const domain = await TenantDomainService.find(tenant!, params.id)
    await TenantDomainService.remove(domain, auth.use('web').getUserOrFail().email)
    return response.redirect().toPath('/settings')
  }
}
