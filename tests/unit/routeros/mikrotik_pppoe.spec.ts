import { test } from '@japa/runner'
import type { DeviceCustomer, DevicePackage } from '#plugins/contracts/device_driver'
import type { PluginServices } from '#plugins/contracts/services'
import { FakeRouterOsServer } from '#tests/fakes/routeros/fake_routeros_server'
import pppoePlugin from '../../../plugins/mikrotik_pppoe/index.js'
import { deviceContext, ROUTEROS_TEST_SETTINGS } from './helpers.js'

const SETTINGS = { ...ROUTEROS_TEST_SETTINGS, defaultProfile: 'default' }

const PACKAGE: DevicePackage = {
  name: 'home-10M',
  service: 'pppoe',
  rateLimit: {
    uploadBps: 5_000_000,
    downloadBps: 10_000_000,
    burst: {
      uploadBps: 10_000_000,
      downloadBps: 20_000_000,
      thresholdUploadBps: 4_000_000,
      thresholdDownloadBps: 8_000_000,
      timeSeconds: 16,
    },
    priority: 8,
  },
  sharedUsers: 1,
  addressPool: 'pppoe-pool',
  sessionTimeoutSeconds: null,
  idleTimeoutSeconds: 600,
  addressList: 'customers',
}

const CUSTOMER: DeviceCustomer = {
  username: 'budi',
  password: 'rahasia-123',
  service: 'pppoe',
  packageName: 'home-10M',
  enabled: true,
  macAddress: 'AA:BB:CC:DD:EE:01',
}

/** Every PPPoE test runs against RouterOS 7.18, whose empty prints answer `!empty`. */
async function pppoeFixture(cleanup: (fn: () => Promise<void>) => void) {
  const fake = await FakeRouterOsServer.start({ version: '7.18.2 (stable)' })
  const driver = await pppoePlugin.create(SETTINGS, {} as PluginServices)
  cleanup(async () => {
    await driver.close?.()
    await fake.close()
  })
  return { fake, driver, ctx: deviceContext(fake, SETTINGS) }
}

test.group('mikrotik_pppoe against the fake router (RouterOS 7.18)', () => {
  test('profile: rate limit with burst and priority, pool, one login', async ({
    assert,
    cleanup,
  }) => {
    const { fake, driver, ctx } = await pppoeFixture(cleanup)
    await driver.addPackage(ctx, PACKAGE)
    await driver.updatePackage(ctx, { ...PACKAGE, idleTimeoutSeconds: 300 })
    const profiles = fake.menu('/ppp/profile').items
    assert.lengthOf(profiles, 3)
    assert.include(profiles[2], {
      'name': 'home-10M',
      'rate-limit': '5M/10M 10M/20M 4M/8M 16/16 8',
      'remote-address': 'pppoe-pool',
      'only-one': 'yes',
      'idle-timeout': '5m',
      'address-list': 'customers',
    })
  })

  test('secret pushed once, session listed with its interface counters', async ({
    assert,
    cleanup,
  }) => {
    const { fake, driver, ctx } = await pppoeFixture(cleanup)
    assert.deepEqual(await driver.listOnline(ctx), [])
    await driver.addCustomer(ctx, CUSTOMER)
    await driver.addCustomer(ctx, CUSTOMER)
    const secrets = fake.menu('/ppp/secret').items
    assert.lengthOf(secrets, 1)
    assert.include(secrets[0], {
      'name': 'budi',
      'password': 'rahasia-123',
      'service': 'pppoe',
      'profile': 'home-10M',
      'caller-id': 'AA:BB:CC:DD:EE:01',
      'disabled': 'false',
    })
    const session = fake.injectPppSession(
      { 'name': 'budi', 'caller-id': 'AA:BB:CC:DD:EE:01', 'uptime': '1h2m' },
      { rxByte: 1000, txByte: 50_000 }
    )
    assert.deepEqual(await driver.listOnline(ctx), [
      {
        id: session['.id'],
        username: 'budi',
        address: '10.10.0.2',
        macAddress: 'AA:BB:CC:DD:EE:01',
        uptimeSeconds: 3720,
        bytesIn: 1000,
        bytesOut: 50_000,
      },
    ])
  })

  test('expiry: the secret is disabled first, then the active session removed', async ({
    assert,
    cleanup,
  }) => {
    const { fake, driver, ctx } = await pppoeFixture(cleanup)
    await driver.addCustomer(ctx, CUSTOMER)
    fake.injectPppSession({ name: 'budi' })
    const before = fake.received.length
    await driver.updateCustomer(ctx, { ...CUSTOMER, enabled: false })
    assert.equal(fake.menu('/ppp/secret').items[0].disabled, 'true')
    assert.lengthOf(fake.menu('/ppp/active').items, 0)
    const commands = fake.received.slice(before).map((words) => words[0])
    assert.isBelow(commands.indexOf('/ppp/secret/set'), commands.indexOf('/ppp/active/remove'))
  })

  test('disconnect by id, or by name when the id is stale', async ({ assert, cleanup }) => {
    const { fake, driver, ctx } = await pppoeFixture(cleanup)
    fake.injectPppSession({ name: 'budi' })
    const result = await driver.disconnect(ctx, { id: '*77', username: 'budi' })
    assert.deepEqual(result, { disconnected: true, message: 'Disconnected budi' })
    assert.lengthOf(fake.menu('/ppp/active').items, 0)
    await driver.removeCustomer(ctx, { username: 'budi', service: 'pppoe' })
    assert.lengthOf(fake.menu('/ppp/secret').items, 0)
  })
})
