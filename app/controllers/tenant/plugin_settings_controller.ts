import type { HttpContext } from '@adonisjs/core/http'
import plugins from '#plugins/main'
import { PLUGIN_KINDS } from '#plugins/contracts/manifest'
import { formInput, labelledMessages } from '#plugins/settings_schema'
import { PluginSettingsService } from '#services/plugin_settings_service'

/** Plugin names may be scoped (`@acme/gateway`): links carry them URI-encoded. */
function pluginName(params: Record<string, string>) {
  return decodeURIComponent(params.name)
}

function pluginPath(name: string) {
  return `/settings/plugins/${encodeURIComponent(name)}`
}

/** The Owner's plugin page: enable device drivers and payment gateways, fill in their settings. */
export default class PluginSettingsController {
  async index({ view }: HttpContext) {
    const groups = []
    for (const kind of PLUGIN_KINDS) {
      const list = await PluginSettingsService.list(kind)
      groups.push({
        kind,
        plugins: list.map((plugin) => ({ ...plugin, path: pluginPath(plugin.manifest.name) })),
      })
    }
    return view.render('pages/tenant/plugins/index', { groups })
  }

  async edit({ params, view, i18n }: HttpContext) {
    const name = pluginName(params)
    const form = await PluginSettingsService.form(name, i18n.locale)
    return view.render('pages/tenant/plugins/edit', { ...form, path: pluginPath(name) })
  }

  async update({ params, request, response, session, i18n }: HttpContext) {
    const name = pluginName(params)
    const { manifest } = plugins.get(name)
    await PluginSettingsService.save(
      name,
      {
        enabled: Boolean(request.input('enabled')),
        settings: formInput(manifest.settings, request.all()),
      },
      {
        messagesProvider: labelledMessages(
          i18n.createMessagesProvider(),
          manifest.settings,
          i18n.locale
        ),
      }
    )
    session.flash('success', i18n.t('plugins.saved', { plugin: manifest.displayName }))
    return response.redirect().toPath('/settings/plugins')
  }

  /** Enable or disable from the list; enabling a plugin that still lacks settings opens its form. */
  async state({ params, request, response, session, i18n }: HttpContext) {
    const name = pluginName(params)
    const { manifest } = plugins.get(name)
    const enabled = request.input('enabled') === '1'
    try {
      await PluginSettingsService.setEnabled(name, enabled)
    } catch (error) {
      if ((error as { code?: string }).code !== 'E_VALIDATION_ERROR') throw error
      session.flash('error', i18n.t('plugins.needs_settings', { plugin: manifest.displayName }))
      return response.redirect().toPath(`${pluginPath(name)}/edit`)
    }
    const message = enabled ? 'plugins.enabled_flash' : 'plugins.disabled_flash'
    session.flash('success', i18n.t(message, { plugin: manifest.displayName }))
    return response.redirect().toPath('/settings/plugins')
  }
}
