/*
 * The `radius` device driver, the default. Contracts are imported by relative path: this folder
 * is its own package, so the app's `#` import aliases do not apply here.
 */
import { definePlugin } from '../../app/plugins/define_plugin.js'
import { RadiusDriver } from './radius_driver.js'

export default definePlugin({
  manifest: {
    name: 'radius',
    kind: 'device',
    version: '1.0.0',
    displayName: 'RADIUS',
    description:
      'Routers ask our RADIUS server about every login: customers and packages need no push, online users come from accounting and disconnects go through CoA.',
    settings: [
      {
        name: 'onlineWindowMinutes',
        type: 'number',
        label: { id: 'Dianggap online selama (menit)', en: 'Online window (minutes)' },
        help: {
          id: 'Router dianggap online bila mengirim paket RADIUS dalam rentang ini. Samakan dengan interval interim-update.',
          en: 'A router counts as online when it sent a RADIUS packet within this time. Match it to the interim-update interval.',
        },
        default: 10,
      },
    ],
  },
  create: (settings, services) => new RadiusDriver(settings, services),
})
