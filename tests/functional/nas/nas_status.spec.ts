/*
 * NAS status from the RouterOS API (the fake router of tests/fakes/routeros) through the NAS's
 * device driver, the connection test, and the scheduled refresh with its per-router bound.
 */
import { test } from '@japa/runner'
import Nas from '#models/central/nas'
import type Tenant from '#models/central/tenant'
import tenancy from '#tenancy/main'
import RefreshNasStatusJob from '#jobs/refresh_nas_status_job'
import { NasRegistryService } from '#services/nas_registry_service'
import { NasStatusService } from '#services/nas_status_service'
import type { HttpSession } from '#tests/helpers/http'
import { FakeRouterOsServer } from '#tests/fakes/routeros/fake_routeros_server'
import { tenantFixture } from '#tests/helpers/tenants'
import { createdId, nasForm, postNas, staffSession } from './helpers.js'

/** The NAS form of a MikroTik driven over its API, pointed at `fake`. */
function apiForm(fake: FakeRouterOsServer, name: string) {
  return nasForm({
    name,
    driver: 'mikrotik_hotspot',
    apiHost: fake.host,
    apiPort: String(fake.port),
    apiUsername: 'admin',
    apiPassword: 'secret',
  })
}

test.group('NAS status from the RouterOS API', (group) => {
  let tenant: Tenant
  let session: HttpSession
  let router: FakeRouterOsServer
  let silent: FakeRouterOsServer

  group.setup(async () => {
    tenant = await tenantFixture()
    session = await staffSession(tenant)
    router = await FakeRouterOsServer.start({ version: '7.16.2 (stable)' })
    silent = await FakeRouterOsServer.start({ behaviour: 'silent' })
    return async () => {
      for (const nas of await Nas.query().where('tenant_id', tenant.id)) {
        await NasRegistryService.remove(nas.id)
      }
      await router.close()
      await silent.close()
    }
  })

  test('version, board, uptime, CPU, memory and interface rates are stored and shown', async ({
    assert,
  }) => {
    const id = createdId((await postNas(session, apiForm(router, 'Tower API'))).location)
    const nas = await tenancy.run(tenant, async () =>
      NasStatusService.refresh(await Nas.findOrFail(id))
    )
    assert.equal(nas?.lastStatus, 'online')
    assert.equal(nas?.lastStatusReason, 'RouterOS 7.16.2 (stable) answered')
    assert.equal(nas?.routerVersion, '7.16.2 (stable)')
    assert.equal(nas?.routerBoard, 'hAP ac lite')
    assert.isAbove(nas?.routerUptimeSeconds ?? 0, 93_000)
    assert.equal(nas?.routerCpuLoad, 7)
    assert.equal(nas?.routerFreeMemory, 50_331_648)
    assert.equal(nas?.routerTotalMemory, 134_217_728)
    assert.deepInclude(nas?.interfaceRates, { name: 'ether1', rxBps: 12_000_000, txBps: 3_000_000 })

    const page = await session.get(`/nas/${id}`)
    for (const text of [
      'hAP ac lite',
      '7.16.2 (stable)',
      '1d 2h',
      '7%',
      '80 / 128 MiB (63%)',
      '12.0 Mbit/s',
    ]) {
      assert.include(page.text, text)
    }
    // The v7 script leaves require-message-auth in: the router is 7.15 or newer.
    assert.include(page.text, 'require-message-auth=yes-for-request-resp')
    assert.include((await session.get('/nas/data?draw=1')).text, 'bg-success-100')
  })

  test('test connection asks the router and reports it', async ({ assert }) => {
    const id = createdId((await postNas(session, apiForm(router, 'Tower test'))).location)
    const tested = await session.submit(`/nas/${id}`, `/nas/${id}/test`, {})
    assert.equal(tested.location, `/nas/${id}`)
    const page = await session.get(`/nas/${id}`)
    assert.include(page.text, 'RouterOS 7.16.2 (stable) on hAP ac lite')
  })

  test('a router that never answers is offline after a bounded wait, and the job goes on', async ({
    assert,
    cleanup,
  }) => {
    const quiet = createdId((await postNas(session, apiForm(silent, 'Quiet'))).location)
    const fine = createdId((await postNas(session, apiForm(router, 'Fine'))).location)
    const saved = RefreshNasStatusJob.perRouterTimeoutMs
    RefreshNasStatusJob.perRouterTimeoutMs = 500
    cleanup(() => {
      RefreshNasStatusJob.perRouterTimeoutMs = saved
    })

    const started = performance.now()
    await RefreshNasStatusJob.dispatch({})
    assert.isBelow(performance.now() - started, 5000)

    const quietNas = await Nas.findOrFail(quiet)
    assert.equal(quietNas.lastStatus, 'offline')
    assert.include(quietNas.lastStatusReason ?? '', 'No answer within 0.5 s')
    assert.isNull(quietNas.routerCpuLoad)
    // Its call still hangs: the router gets no second one until that call ends.
    assert.isNull(await tenancy.run(tenant, () => NasStatusService.refresh(quietNas, 500)))
    assert.equal(silent.accepted, 1)
    const fineNas = await Nas.findOrFail(fine)
    assert.equal(fineNas.lastStatus, 'online')
    assert.equal(fineNas.routerBoard, 'hAP ac lite')
  })

  test('a NAS never heard from and without API access is unknown', async ({ assert }) => {
    const id = createdId((await postNas(session, nasForm({ name: 'New' }))).location)
    const nas = await tenancy.run(tenant, async () =>
      NasStatusService.refresh(await Nas.findOrFail(id))
    )
    assert.equal(nas?.lastStatus, 'unknown')
    assert.include(nas?.lastStatusReason ?? '', 'No RADIUS traffic yet')
  })
})
