import { runDeviceDriverConformance, sampleNas } from '#tests/plugin_kit/index'
import { FakeRouterOsServer } from '#tests/fakes/routeros/fake_routeros_server'
import hotspotPlugin from '../../../plugins/mikrotik_hotspot/index.js'
import pppoePlugin from '../../../plugins/mikrotik_pppoe/index.js'

/** Each MikroTik plugin passes the conformance kit against its own fake router (7.18, `!empty`). */
for (const plugin of [hotspotPlugin, pppoePlugin]) {
  let fake: FakeRouterOsServer
  runDeviceDriverConformance(plugin, {
    settings: { timeoutSeconds: 2 },
    context: async () => {
      fake = await FakeRouterOsServer.start({ version: '7.18.2 (stable)' })
      fake.injectHotspotSession({ user: 'kit-online' })
      fake.injectPppSession({ name: 'kit-online' })
      return {
        nas: sampleNas({
          routerApi: { host: fake.host, port: fake.port, username: 'admin', password: 'secret' },
        }),
      }
    },
    teardown: () => fake.close(),
  })
}
