/*
 * The `mikrotik_hotspot` device driver: hotspot users and profiles pushed to the router over the
 * RouterOS API. Contracts and the RouterOS client are imported by relative path: this folder is
 * its own package, so the app's `#` import aliases do not apply here.
 */
import { definePlugin } from '../../app/plugins/define_plugin.js'
import { ROUTEROS_SETTING_FIELDS } from '../../app/devices/routeros/routeros_device_driver.js'
import { HotspotDriver } from './hotspot_driver.js'

export default definePlugin({
  manifest: {
    name: 'mikrotik_hotspot',
    kind: 'device',
    version: '1.0.0',
    displayName: 'MikroTik Hotspot (RouterOS API)',
    description:
      'For routers that do not use RADIUS: hotspot users and user profiles are written to the router through its API, and active sessions are read and ended there.',
    settings: [
      {
        name: 'hotspotServer',
        type: 'string',
        label: { id: 'Server hotspot', en: 'Hotspot server' },
        help: {
          id: 'Nama server di /ip hotspot, atau "all" untuk semua server.',
          en: 'Server name under /ip hotspot, or "all" for every server.',
        },
        default: 'all',
      },
      {
        name: 'defaultProfile',
        type: 'string',
        label: { id: 'Profil bawaan', en: 'Default profile' },
        help: {
          id: 'Profil user untuk pelanggan tanpa paket.',
          en: 'User profile of a customer without a package.',
        },
        default: 'default',
      },
      ...ROUTEROS_SETTING_FIELDS,
    ],
  },
  create: (settings) => new HotspotDriver(settings),
})
