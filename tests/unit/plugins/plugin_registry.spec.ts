import { test } from '@japa/runner'
import pluginsConfig from '#config/plugins'
import { createSigner } from '#plugins/plugin_services'
import radiusPlugin from '../../../plugins/radius/index.js'
import {
  asTenant,
  FIXTURE_PACKAGES,
  MemorySettings,
  rejection,
  TEST_APP_KEY,
  testRegistry,
} from './helpers.js'

const noop = async () => {}

/** A device driver with every method; tests remove or break some. */
function fullDriver(): Record<string, unknown> {
  return {
    addCustomer: noop,
    updateCustomer: noop,
    removeCustomer: noop,
    addPackage: noop,
    updatePackage: noop,
    removePackage: noop,
    listOnline: async () => [],
    disconnect: async () => ({ disconnected: false, message: 'none' }),
    testConnection: async () => ({ ok: true, message: 'ok', latencyMs: 0 }),
    health: async () => ({}),
  }
}

function deviceManifest(overrides: Record<string, unknown> = {}) {
  return {
    name: 'acme-router',
    kind: 'device',
    version: '2.1.0',
    displayName: 'Acme router',
    description: 'Acme routers over their HTTP API',
    settings: [],
    ...overrides,
  }
}

test.group('Plugin registry: refusing bad plugins', () => {
  test('a bad manifest is refused with every problem named', async ({ assert }) => {
    const { registry } = testRegistry()
    const manifest = deviceManifest({
      kind: 'router',
      version: '1.0',
      settings: [{ name: 'host', type: 'hostname', label: { id: 'Host', en: 'Host' } }],
    })
    const error = await rejection(registry.register({ manifest, create: () => fullDriver() }))

    assert.equal(error.code, 'E_PLUGIN_INVALID')
    assert.sameMembers(error.problems!, [
      'manifest.kind: must be one of device, payment (got "router")',
      'manifest.version: must be a semantic version such as 1.0.0 (got "1.0")',
      'manifest.settings.0.type: must be one of string, secret, number, boolean, select, url (got "hostname")',
    ])
    assert.include(error.message, 'Plugin "acme-router" (registered in code) is invalid')
    for (const problem of error.problems!) assert.include(error.message, problem)
    assert.isFalse(registry.has('acme-router'))
  })

  test('a driver missing a method, or with a method that is not a function, is refused', async ({
    assert,
  }) => {
    const { registry } = testRegistry()
    const { listOnline, ...driver } = fullDriver()
    const error = await rejection(
      registry.register(
        { manifest: deviceManifest(), create: () => ({ ...driver, health: 'yes' }) },
        'package "acme"'
      )
    )
    assert.equal(error.code, 'E_PLUGIN_INVALID')
    assert.deepEqual(error.problems, [
      'missing method listOnline()',
      'health must be a function (got "yes")',
    ])
    assert.include(error.message, 'Plugin "acme-router" (package "acme") is invalid')
    assert.isFunction(listOnline)
  })

  test('settings fields: select without options, wrong default, duplicate and reserved names', async ({
    assert,
  }) => {
    const { registry } = testRegistry()
    const label = { id: 'L', en: 'L' }
    const manifest = deviceManifest({
      name: '@acme/router',
      settings: [
        { name: 'mode', type: 'select', label },
        { name: 'port', type: 'number', label, default: '8728' },
        { name: 'port', type: 'string', label, options: [{ value: 'a', label }] },
        { name: 'token', type: 'secret', label, default: 'x' },
        { name: 'enabled', type: 'boolean', label },
      ],
    })
    const error = await rejection(registry.register({ manifest, create: () => fullDriver() }))
    assert.sameMembers(error.problems!, [
      'manifest.settings.4.name: is reserved by the settings form (got "enabled")',
    ])

    manifest.settings.pop()
    const second = await rejection(registry.register({ manifest, create: () => fullDriver() }))
    assert.sameMembers(second.problems!, [
      'manifest.settings.0.options: a select needs options',
      'manifest.settings.1.default: must be a number (got "8728")',
      'manifest.settings.2.name: "port" is declared twice',
      'manifest.settings.2.options: only a select has options (type is string)',
      'manifest.settings.3.default: a secret cannot have a default (got "x")',
    ])
  })

  test('a module without a manifest or create, or whose create() does I/O, is refused', async ({
    assert,
  }) => {
    const { registry } = testRegistry()
    const empty = await rejection(registry.register({}, 'package "empty"'))
    assert.deepEqual(empty.problems, [
      'manifest: is missing or not an object',
      'create must be a function',
    ])
    assert.include(empty.message, 'Plugin package "empty" is invalid')

    const eager = await rejection(
      registry.register({
        manifest: deviceManifest(),
        create: (_settings: unknown, services: { db(): unknown }) => (services.db(), fullDriver()),
      })
    )
    assert.match(
      eager.problems![0],
      /^create\(\) failed with placeholder settings \(it must not do I\/O\): .*database/
    )
  })

  test('the same name twice is refused, naming both sources', async ({ assert }) => {
    const { registry } = testRegistry()
    await registry.register(radiusPlugin, 'config/plugins.ts entry "../plugins/radius/index.js"')
    const error = await rejection(registry.register(radiusPlugin, 'package "radius-copy"'))
    assert.equal(error.code, 'E_PLUGIN_DUPLICATE')
    assert.include(error.message, 'config/plugins.ts entry "../plugins/radius/index.js"')
    assert.include(error.message, 'package "radius-copy"')
  })
})

test.group('Plugin registry: loading', () => {
  test('loads the built-in plugins listed in config/plugins.ts', async ({ assert }) => {
    const { registry } = testRegistry()
    await registry.load(pluginsConfig.plugins)
    assert.deepEqual(
      registry.list('device').map((manifest) => manifest.name),
      ['radius', 'mikrotik_hotspot', 'mikrotik_pppoe']
    )
    assert.deepEqual(
      registry.list('payment').map((manifest) => manifest.name),
      ['manual']
    )
    assert.equal(
      registry.get('radius').source,
      'config/plugins.ts entry "../plugins/radius/index.js"'
    )
  })

  test('loads a third-party npm package by name (exports with an import condition)', async ({
    assert,
  }) => {
    const { registry } = testRegistry()
    await registry.load(['radius-billing-plugin-example'])
    const plugin = registry.get('example-pay', 'payment')
    assert.equal(plugin.manifest.version, '0.3.1')
    assert.equal(plugin.source, 'package "radius-billing-plugin-example"')
  })

  test('a package that is not installed is refused with how to fix it', async ({ assert }) => {
    const { registry } = testRegistry()
    const error = await rejection(registry.load(['radius-billing-plugin-missing']))
    assert.equal(error.code, 'E_PLUGIN_LOAD')
    assert.include(error.message, 'npm install radius-billing-plugin-missing')
    assert.include(error.message, FIXTURE_PACKAGES)
  })

  test('an unknown name or the wrong kind is refused, pointing at config/plugins.ts', async ({
    assert,
  }) => {
    const { registry } = testRegistry()
    await registry.load(pluginsConfig.plugins)
    const unknown = await rejection(asTenant(1, () => registry.device('mikrotik_api')))
    assert.equal(unknown.code, 'E_PLUGIN_UNKNOWN')
    assert.equal(
      unknown.message,
      'Unknown device plugin "mikrotik_api". Plugins are listed in config/plugins.ts; loaded: radius, mikrotik_hotspot, mikrotik_pppoe.'
    )
    const wrongKind = await rejection(asTenant(1, () => registry.device('manual')))
    assert.include(wrongKind.message, 'Unknown device plugin "manual" (it is a payment plugin)')
  })
})

test.group('Plugin registry: instances per tenant', () => {
  test('built with the tenant settings, cached per settings version, rebuilt after a save', async ({
    assert,
  }) => {
    const settings = new MemorySettings()
    const { registry } = testRegistry(settings)
    await registry.load(['radius-billing-plugin-example'])
    const base = { baseUrl: 'http://127.0.0.1:9/', apiKey: 'key-1' }
    settings.set(1, 'example-pay', base)
    settings.set(2, 'example-pay', { ...base, apiKey: 'key-2', mode: 'production' })

    const first = await asTenant(1, () => registry.payment('example-pay'))
    assert.strictEqual(await asTenant(1, () => registry.payment('example-pay')), first)
    assert.deepEqual(first.settings, { ...base, mode: 'sandbox', feePercent: 0.7, qrisOnly: false })
    assert.isTrue(first.enabled)

    const other = await asTenant(2, () => registry.payment('example-pay'))
    assert.notStrictEqual(other.instance, first.instance)
    assert.equal(other.settings.mode, 'production')

    settings.set(1, 'example-pay', { ...base, feePercent: 1.5 })
    const rebuilt = await asTenant(1, () => registry.payment('example-pay'))
    assert.notStrictEqual(rebuilt.instance, first.instance)
    assert.equal((await rebuilt.instance.listChannels())[0].fee.percent, 1.5)

    await registry.invalidate(1, 'example-pay')
    assert.notStrictEqual(await asTenant(1, () => registry.payment('example-pay')), rebuilt)
  })

  test('a plugin whose required settings are missing is reported as not configured', async ({
    assert,
  }) => {
    const { registry } = testRegistry()
    await registry.load(['radius-billing-plugin-example'])
    const error = await rejection(asTenant(3, () => registry.payment('example-pay')))
    assert.equal(error.code, 'E_PLUGIN_SETTINGS')
    assert.include(error.message, 'Plugin "example-pay" is not configured for tenant "tenant-3"')
    assert.sameMembers(
      error.problems!.map((problem) => problem.split(':')[0]),
      ['baseUrl', 'apiKey']
    )
  })

  test('a plugin that needs no settings works before it is configured; use() needs a tenant', async ({
    assert,
  }) => {
    const { registry } = testRegistry()
    await registry.load(pluginsConfig.plugins)
    const radius = await asTenant(4, () => registry.device())
    assert.deepEqual(radius.settings, { onlineWindowMinutes: 10 })
    assert.isTrue(radius.enabled)
    assert.equal((await rejection(registry.device())).message.includes('tenancy.run'), true)
  })

  test('each plugin signs with its own key derived from the app key', async ({ assert }) => {
    const { registry } = testRegistry()
    await registry.load(pluginsConfig.plugins)
    const signature = registry.signer('manual').sign('{"orderId":"A"}')
    assert.equal(signature, createSigner(TEST_APP_KEY, 'manual').sign('{"orderId":"A"}'))
    assert.isTrue(createSigner(TEST_APP_KEY, 'manual').verify('{"orderId":"A"}', signature))
    assert.isFalse(createSigner(TEST_APP_KEY, 'radius').verify('{"orderId":"A"}', signature))
    assert.isFalse(createSigner('another-key', 'manual').verify('{"orderId":"A"}', signature))
  })
})
