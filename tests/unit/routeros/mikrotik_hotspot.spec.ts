import { test } from '@japa/runner'
import type { DevicePackage, DeviceCustomer } from '#plugins/contracts/device_driver'
import type { PluginServices } from '#plugins/contracts/services'
import { DeviceError } from '#plugins/errors'
import { FakeRouterOsServer } from '#tests/fakes/routeros/fake_routeros_server'
import hotspotPlugin from '../../../plugins/mikrotik_hotspot/index.js'
import { deviceContext, ROUTEROS_TEST_SETTINGS } from './helpers.js'

const SETTINGS = { ...ROUTEROS_TEST_SETTINGS, hotspotServer: 'hotspot1', defaultProfile: 'default' }

const PACKAGE: DevicePackage = {
  name: '1jam',
  service: 'hotspot',
  rateLimit: { uploadBps: 2_000_000, downloadBps: 5_000_000 },
  sharedUsers: 1,
  addressPool: 'hs-pool',
  sessionTimeoutSeconds: 3600,
  idleTimeoutSeconds: null,
  addressList: null,
}

const CUSTOMER: DeviceCustomer = {
  username: 'V8K2Q',
  password: '4821',
  service: 'hotspot',
  packageName: '1jam',
  enabled: true,
  comment: 'inv:INV-77',
}

async function hotspotFixture(cleanup: (fn: () => Promise<void>) => void, version?: string) {
  const fake = await FakeRouterOsServer.start({ version })
  const driver = await hotspotPlugin.create(SETTINGS, {} as PluginServices)
  cleanup(async () => {
    await driver.close?.()
    await fake.close()
  })
  return { fake, driver, ctx: deviceContext(fake, SETTINGS) }
}

test.group('mikrotik_hotspot against the fake router', () => {
  test('profile add then update: one profile with the new values', async ({ assert, cleanup }) => {
    const { fake, driver, ctx } = await hotspotFixture(cleanup)
    await driver.addPackage(ctx, PACKAGE)
    const profiles = fake.menu('/ip/hotspot/user/profile').items
    assert.include(profiles[1], {
      'name': '1jam',
      'rate-limit': '2M/5M',
      'shared-users': '1',
      'address-pool': 'hs-pool',
      'session-timeout': '1h',
      'idle-timeout': 'none',
    })
    await driver.updatePackage(
      ctx,
      { ...PACKAGE, name: '2jam', rateLimit: { uploadBps: 1_000_000, downloadBps: 3_000_000 } },
      { name: '1jam', service: 'hotspot' }
    )
    assert.lengthOf(profiles, 2)
    assert.include(profiles[1], { 'name': '2jam', 'rate-limit': '1M/3M' })
    await driver.removePackage(ctx, { name: '2jam', service: 'hotspot' })
    assert.deepEqual(
      profiles.map((profile) => profile.name),
      ['default']
    )
  })

  test('add user → print shows it → active session listed → removed → gone', async ({
    assert,
    cleanup,
  }) => {
    const { fake, driver, ctx } = await hotspotFixture(cleanup, '7.18.2 (stable)')
    await driver.addCustomer(ctx, CUSTOMER)
    // A retried push after a lost reply finds the user instead of tripping "already have user".
    await driver.addCustomer(ctx, CUSTOMER)
    const users = fake.menu('/ip/hotspot/user').items
    assert.lengthOf(users, 1)
    assert.include(users[0], {
      name: 'V8K2Q',
      password: '4821',
      profile: '1jam',
      server: 'hotspot1',
      comment: 'inv:INV-77',
      disabled: 'false',
    })

    assert.deepEqual(await driver.listOnline(ctx), [])
    const session = fake.injectHotspotSession({
      'user': 'V8K2Q',
      'server': 'hotspot1',
      'mac-address': 'AA:BB:CC:00:11:22',
      'uptime': '12m3s',
      'bytes-in': '123456',
      'bytes-out': '789012',
    })
    fake.injectHotspotSession({ user: 'elsewhere', server: 'hotspot2' })
    assert.deepEqual(await driver.listOnline(ctx), [
      {
        id: session['.id'],
        username: 'V8K2Q',
        address: '10.5.50.23',
        macAddress: 'AA:BB:CC:00:11:22',
        uptimeSeconds: 723,
        bytesIn: 123456,
        bytesOut: 789012,
      },
    ])

    const result = await driver.disconnect(ctx, { id: session['.id'], username: 'V8K2Q' })
    assert.isTrue(result.disconnected)
    assert.deepEqual(await driver.listOnline(ctx), [])
    const again = await driver.disconnect(ctx, { id: session['.id'], username: 'V8K2Q' })
    assert.deepEqual(again, { disconnected: false, message: 'V8K2Q has no active session' })
  })

  test('disable on expiry logs the user out; remove deletes it', async ({ assert, cleanup }) => {
    const { fake, driver, ctx } = await hotspotFixture(cleanup)
    await driver.addCustomer(ctx, CUSTOMER)
    fake.injectHotspotSession({ user: 'V8K2Q', server: 'hotspot1' })
    await driver.updateCustomer(ctx, { ...CUSTOMER, enabled: false })
    assert.equal(fake.menu('/ip/hotspot/user').items[0].disabled, 'true')
    assert.lengthOf(fake.menu('/ip/hotspot/active').items, 0)
    await driver.removeCustomer(ctx, { username: 'V8K2Q', service: 'hotspot' })
    assert.lengthOf(fake.menu('/ip/hotspot/user').items, 0)
  })

  test('PPPoE customers are not pushed to a hotspot', async ({ assert, cleanup }) => {
    const { fake, driver, ctx } = await hotspotFixture(cleanup)
    await driver.addCustomer(ctx, { ...CUSTOMER, service: 'pppoe' })
    assert.equal(fake.accepted, 0)
  })

  test('a refusal is E_DEVICE_REFUSED carrying the router trap', async ({ assert, cleanup }) => {
    const { fake, driver, ctx } = await hotspotFixture(cleanup)
    fake.scriptReply('/ip/hotspot/user/add', [
      ['!trap', '=message=input does not match any value of profile'],
      ['!done'],
    ])
    const error = await driver.addCustomer(ctx, CUSTOMER).catch((failure: unknown) => failure)
    assert.instanceOf(error, DeviceError)
    assert.equal((error as DeviceError).code, 'E_DEVICE_REFUSED')
    assert.equal((error as DeviceError).message, 'input does not match any value of profile')
    assert.include((error as DeviceError).cause, { code: 'E_ROUTER_TRAP' })
  })

  test('test connection and health from /system/resource and monitor-traffic', async ({
    assert,
    cleanup,
  }) => {
    const { driver, ctx } = await hotspotFixture(cleanup)
    const connection = await driver.testConnection(ctx)
    assert.isTrue(connection.ok)
    assert.equal(connection.message, 'RouterOS 7.16.2 (stable) on hAP ac lite')
    const health = await driver.health(ctx)
    assert.include(health, {
      online: true,
      version: '7.16.2 (stable)',
      board: 'hAP ac lite',
      cpuLoadPercent: 7,
      freeMemoryBytes: 50331648,
      totalMemoryBytes: 134217728,
    })
    assert.isAbove(health.uptimeSeconds!, 93_000)
    assert.deepEqual(health.interfaces[0], { name: 'ether1', rxBps: 12_000_000, txBps: 3_000_000 })
    assert.lengthOf(health.interfaces, 3)
  })

  test('no API access, or a router that does not answer', async ({ assert, cleanup }) => {
    const { fake, driver, ctx } = await hotspotFixture(cleanup)
    const noApi = deviceContext(fake, SETTINGS, null)
    const error = await driver.listOnline(noApi).catch((failure: unknown) => failure)
    assert.include(error, { code: 'E_DEVICE_UNSUPPORTED' })
    fake.behaviour = 'silent'
    assert.isFalse((await driver.health(ctx)).online)
    const probe = await driver.testConnection(ctx)
    assert.isFalse(probe.ok)
    assert.match(probe.message, /did not answer/)
  })
})
