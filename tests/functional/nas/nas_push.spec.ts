/*
 * The NAS page's "push everything" button over HTTP: who may press it, and the refusal for a
 * RADIUS NAS. The push itself, to fake routers, is tests/functional/routeros/api_mode.spec.ts.
 */
import { test } from '@japa/runner'
import type Tenant from '#models/central/tenant'
import { TenantRole } from '#enums/tenant_role'
import { RouterCallService } from '#services/router_call_service'
import tenancy from '#tenancy/main'
import { tenantFixture } from '#tests/helpers/tenants'
import { createPackage } from '../catalogue/helpers.js'
import { nasOf } from '../routeros/helpers.js'
import { staffSession } from './helpers.js'

const callsOf = (tenant: Tenant) => tenancy.run(tenant, () => new RouterCallService().list({}, 100))

test.group('NAS page: push everything to the router', () => {
  test('a RADIUS NAS has no push button, and a push to it is refused with the reason', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    await createPackage(tenant)
    const nas = await nasOf(tenant, 'Hotspot RADIUS')
    const session = await staffSession(tenant)

    const page = await session.get(`/nas/${nas.id}`)
    assert.equal(page.status, 200)
    assert.notInclude(page.text, `action="/nas/${nas.id}/push"`)
    assert.notInclude(page.text, 'data-calls=')

    const refused = await session.submit(`/nas/${nas.id}`, `/nas/${nas.id}/push`, {})
    assert.equal(refused.status, 302)
    assert.equal(refused.location, `/nas/${nas.id}`)
    assert.include(
      (await session.get(`/nas/${nas.id}`)).text,
      'Hotspot RADIUS memakai RADIUS: router menanyakan setiap login ke server RADIUS kami'
    )
    assert.lengthOf(await callsOf(tenant), 0)
  })

  test('only staff who manage NAS may push', async ({ assert }) => {
    const tenant = await tenantFixture()
    await createPackage(tenant)
    const nas = await nasOf(tenant, 'Tower API', { driver: 'mikrotik_hotspot' })

    const cashier = await staffSession(tenant, TenantRole.Cashier)
    const refused = await cashier.submit('/dashboard', `/nas/${nas.id}/push`, {})
    assert.equal(refused.status, 302)
    assert.notEqual(refused.location, `/nas/${nas.id}`)
    assert.lengthOf(await callsOf(tenant), 0)

    // A technician sees the counts and the button.
    const technician = await staffSession(tenant, TenantRole.Technician)
    const page = await technician.get(`/nas/${nas.id}`)
    assert.include(page.text, 'data-calls="queued">0<')
    assert.include(page.text, `action="/nas/${nas.id}/push"`)
  })
})
