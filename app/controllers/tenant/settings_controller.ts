import type { HttpContext } from '@adonisjs/core/http'
import env from '#start/env'
import { TenantDomainService } from '#services/tenant_domain_service'
import { tenantSettingsValidator } from '#validators/tenant_settings_validator'
import { TenantSettingsService } from '#services/tenant_settings_service'
import { THEME_SETTING_KEY, tenantThemeForm, themeFormFrom } from '#services/tenant_theme'

/** The Owner's settings: business name, time zone, default language and brand colours. */
export default class SettingsController {
  async show({ view, tenant }: HttpContext) {
    return view.render('pages/tenant/settings', {
      settings: tenant,
      theme: await tenantThemeForm(),
      domains: await TenantDomainService.list(tenant!),
      cnameTarget: env.get('CNAME_TARGET') || env.get('APP_DOMAIN'),
      timezones: ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'UTC'],
    })
  }

  async update({ request, response, tenant, session, i18n }: HttpContext) {
    const { name, timezone, locale, ...theme } =
      await request.validateUsing(tenantSettingsValidator)
    await tenant!.merge({ name, timezone, locale }).save()
    await TenantSettingsService.set(THEME_SETTING_KEY, themeFormFrom(theme))
    session.flash('success', i18n.t('settings.saved'))
    return response.redirect().toPath('/settings')
  }
}
