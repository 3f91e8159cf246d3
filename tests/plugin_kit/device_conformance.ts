/*
 * Conformance tests of a device driver plugin. Generic: results must have the documented shapes,
 * failures must be typed (E_DEVICE_*), and no result may contain a secret setting.
 */
import { test } from '@japa/runner'
import type {
  DeviceContext,
  DeviceCustomer,
  DeviceDriver,
  DeviceNas,
  DevicePackage,
} from '#plugins/contracts/device_driver'
import type { PluginServices } from '#plugins/contracts/services'
import { secretValues } from '#plugins/settings_schema'
import {
  assertNoSecrets,
  definitionOf,
  registerCommonTests,
  settleTyped,
  validSettings,
  type PluginModule,
} from './common.js'
import { fakeServices } from './fake_services.js'
import { shapeProblems } from './shapes.js'

const DEVICE_ERRORS = ['E_DEVICE_UNREACHABLE', 'E_DEVICE_REFUSED', 'E_DEVICE_UNSUPPORTED']

/** The NAS the driver acts on and the services it gets (defaults: fakeServices). */
export interface DeviceConformanceContext {
  nas: DeviceNas
  services?: Partial<PluginServices>
}

export interface DeviceConformanceOptions {
  /** Valid settings, as a tenant would save them. */
  settings: Record<string, unknown>
  /** The context, or a function run once before the tests (start a fake router, seed data…). */
  context: DeviceConformanceContext | (() => Promise<DeviceConformanceContext>)
  /** Cleanup after the tests (stop the fake router…). */
  teardown?: () => Promise<void>
  /** Profile and account used for the add/update/remove round trip. */
  package?: DevicePackage
  customer?: DeviceCustomer
}

/** A NAS row as the RADIUS server loads it, for drivers that need little from it. */
export function sampleNas(overrides: Partial<DeviceNas> = {}): DeviceNas {
  return {
    id: 1,
    tenantId: 1,
    name: 'Router Kantor',
    type: 'mikrotik',
    ipAddress: '127.0.0.1',
    identifier: null,
    secret: 'nas-shared-secret',
    coaPort: 3799,
    requireMessageAuthenticator: true,
    ...overrides,
  }
}

const SAMPLE_PACKAGE: DevicePackage = {
  name: 'kit-10M',
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
  addressPool: null,
  sessionTimeoutSeconds: null,
  idleTimeoutSeconds: 600,
  addressList: null,
}

const SAMPLE_CUSTOMER: DeviceCustomer = {
  username: 'kit-customer',
  password: 'kit-Pass-123',
  service: 'pppoe',
  packageName: 'kit-10M',
  enabled: true,
  comment: 'conformance kit',
}

/** Registers the conformance tests of a device driver plugin in the calling spec file. */
export function runDeviceDriverConformance(
  module: PluginModule,
  options: DeviceConformanceOptions
) {
  const definition = definitionOf(module)
  const name = definition.manifest.name
  let context: DeviceConformanceContext
  const services = () => fakeServices(name, context?.services)

  test.group(`Device driver conformance: ${name}`, (group) => {
    let driver: DeviceDriver
    let ctx: DeviceContext
    let secrets: string[] = []
    group.setup(async () => {
      context = typeof options.context === 'function' ? await options.context() : options.context
      const settings = await validSettings(definition, options.settings)
      secrets = secretValues(definition.manifest.settings, settings)
      driver = (await definition.create(settings, services())) as DeviceDriver
      ctx = { nas: context.nas, settings }
      return async () => {
        await driver.close?.()
        await options.teardown?.()
      }
    })

    registerCommonTests(definition, 'device', options.settings as never, services)

    test('testConnection() reports ok, a message and the latency', async ({ assert }) => {
      const result = await driver.testConnection(ctx)
      assert.deepEqual(
        shapeProblems(
          result,
          { ok: 'boolean', message: 'text', latencyMs: 'count' },
          'testConnection()'
        ),
        []
      )
      assertNoSecrets(result, secrets, 'testConnection()')
    })

    test('health() has every documented field', async ({ assert }) => {
      const health = await driver.health(ctx)
      const problems = shapeProblems(
        health,
        {
          online: 'boolean',
          version: 'string?',
          board: 'string?',
          uptimeSeconds: 'number?',
          cpuLoadPercent: 'number?',
          freeMemoryBytes: 'number?',
          totalMemoryBytes: 'number?',
          interfaces: 'array',
        },
        'health()'
      )
      health.interfaces?.forEach((item, index) =>
        problems.push(
          ...shapeProblems(
            item,
            { name: 'text', rxBps: 'number', txBps: 'number' },
            `health().interfaces[${index}]`
          )
        )
      )
      assert.deepEqual(problems, [])
      assertNoSecrets(health, secrets, 'health()')
    })

    test('listOnline() returns sessions of the documented shape', async ({ assert }) => {
      const sessions = await driver.listOnline(ctx)
      assert.isArray(sessions)
      const problems = sessions.flatMap((session, index) =>
        shapeProblems(
          session,
          {
            id: 'text',
            username: 'string',
            address: 'string?',
            macAddress: 'string?',
            uptimeSeconds: 'count',
            bytesIn: 'count',
            bytesOut: 'count',
          },
          `listOnline()[${index}]`
        )
      )
      assert.deepEqual(problems, [])
      assertNoSecrets(sessions, secrets, 'listOnline()')
    })

    test('packages and customers go through add, update and remove', async () => {
      const pkg = options.package ?? SAMPLE_PACKAGE
      const customer = options.customer ?? {
        ...SAMPLE_CUSTOMER,
        packageName: pkg.name,
        service: pkg.service,
      }
      const steps: [string, () => Promise<void>][] = [
        ['addPackage', () => driver.addPackage(ctx, pkg)],
        ['updatePackage', () => driver.updatePackage(ctx, { ...pkg, sharedUsers: 2 })],
        ['addCustomer', () => driver.addCustomer(ctx, customer)],
        ['updateCustomer', () => driver.updateCustomer(ctx, { ...customer, enabled: false })],
        ['removeCustomer', () => driver.removeCustomer(ctx, customer)],
        ['removePackage', () => driver.removePackage(ctx, pkg)],
      ]
      for (const [method, step] of steps) {
        const outcome = await settleTyped(step, DEVICE_ERRORS, `${method}()`)
        assertNoSecrets(outcome.error ?? outcome.value ?? null, secrets, `${method}()`)
      }
    })

    test('disconnect() of an unknown session answers or fails with a typed error', async ({
      assert,
    }) => {
      const outcome = await settleTyped(
        () =>
          driver.disconnect(ctx, { id: 'kit-no-such-session', username: 'nobody', address: null }),
        DEVICE_ERRORS,
        'disconnect()'
      )
      if (outcome.error === undefined) {
        assert.deepEqual(
          shapeProblems(
            outcome.value,
            { disconnected: 'boolean', message: 'text' },
            'disconnect()'
          ),
          []
        )
      }
      assertNoSecrets(outcome.error ?? outcome.value, secrets, 'disconnect()')
    })
  })
}
