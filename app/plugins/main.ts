import app from '@adonisjs/core/services/app'
import type { PluginRegistry } from './plugin_registry.js'

let plugins: PluginRegistry

/** The application's plugin registry (a container singleton registered by the plugins provider). */
await app.booted(async () => {
  plugins = await app.container.make('plugins')
})

export { plugins as default }
