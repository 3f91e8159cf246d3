import type { ApplicationService } from '@adonisjs/core/types'
import type { Secret } from '@adonisjs/core/helpers'
import type { PluginsConfig } from '#plugins/define_config'
import { nodeModulesPaths } from '#plugins/package_resolver'
import { PluginRegistry } from '#plugins/plugin_registry'

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    plugins: PluginRegistry
  }
}

/** Registers the plugin registry, loads config/plugins.ts at boot, closes instances on shutdown. */
export default class PluginsProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('plugins', async () => {
      const config = this.app.config.get<PluginsConfig>('plugins')
      const container = this.app.container
      return new PluginRegistry({
        host: {
          logger: await container.make('logger'),
          appKey: this.app.config.get<Secret<string>>('app.appKey').release(),
          coa: () => container.make('radius.coa'),
        },
        // Imported on first use: the service imports the registry's own service module.
        settings: {
          read: async (name) => {
            const { PluginSettingsService } = await import('#services/plugin_settings_service')
            return PluginSettingsService.read(name)
          },
        },
        packageDirectories: nodeModulesPaths(this.app.makePath()),
        defaultDevice: config.defaultDevice,
      })
    })
  }

  async boot() {
    const registry = await this.app.container.make('plugins')
    await registry.load(this.app.config.get<PluginsConfig>('plugins').plugins)
  }

  async shutdown() {
    const registry = await this.app.container.make('plugins')
    await registry.closeAll()
  }
}
