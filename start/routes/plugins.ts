/*
 * The tenant's plugin settings (Settings → Plugins).
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const PluginSettingsController = () => import('#controllers/tenant/plugin_settings_controller')

router
  .group(() => {
    router.get('/settings/plugins', [PluginSettingsController, 'index']).as('index')
    router.get('/settings/plugins/:name/edit', [PluginSettingsController, 'edit']).as('edit')
    router.put('/settings/plugins/:name', [PluginSettingsController, 'update']).as('update')
    router.put('/settings/plugins/:name/state', [PluginSettingsController, 'state']).as('state')
  })
  .as('tenant.plugins')
  .use([middleware.tenantHost(), middleware.auth(), middleware.can('settings.manage')])
