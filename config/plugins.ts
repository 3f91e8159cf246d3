import { definePluginsConfig } from '#plugins/define_config'

/**
 * Plugins loaded at boot. Built-ins are lazy imports of their folder under plugins/; a
 * third-party plugin is an npm package: `npm install <name>`, then add its name here.
 */
const pluginsConfig = definePluginsConfig({
  plugins: [
    () => import('../plugins/radius/index.js'),
    () => import('../plugins/manual_payment/index.js'),
    () => import('../plugins/mikrotik_hotspot/index.js'),
    () => import('../plugins/mikrotik_pppoe/index.js'),
  ],
  defaultDevice: 'radius',
})

export default pluginsConfig
