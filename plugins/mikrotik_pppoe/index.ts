/*
 * The `mikrotik_pppoe` device driver: PPP secrets and profiles pushed to the router over the
 * RouterOS API. Contracts and the RouterOS client are imported by relative path: this folder is
 * its own package, so the app's `#` import aliases do not apply here.
 */
import { definePlugin } from '../../app/plugins/define_plugin.js'
import { ROUTEROS_SETTING_FIELDS } from '../../app/devices/routeros/routeros_device_driver.js'
import { PppoeDriver } from './pppoe_driver.js'

export default definePlugin({
  manifest: {
    name: 'mikrotik_pppoe',
    kind: 'device',
    version: '1.0.0',
    displayName: 'MikroTik PPPoE (RouterOS API)',
    description:
      'For routers that do not use RADIUS: PPP secrets and profiles are written to the router through its API, and running sessions are read and ended there.',
    settings: [
      {
        name: 'defaultProfile',
        type: 'string',
        label: { id: 'Profil bawaan', en: 'Default profile' },
        help: {
          id: 'Profil PPP untuk pelanggan tanpa paket.',
          en: 'PPP profile of a customer without a package.',
        },
        default: 'default',
      },
      ...ROUTEROS_SETTING_FIELDS,
    ],
  },
  create: (settings) => new PppoeDriver(settings),
})
