import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import Nas from '#models/central/nas'
import { TenantRole } from '#enums/tenant_role'
import tenancy from '#tenancy/main'
import { NasLimitPolicy } from '#services/nas_registry_service'
import { RouterDevices } from '#services/router_call_service'
import { tenantFixture } from '#tests/helpers/tenants'
import {
  createdId,
  downloadOn,
  nasForm,
  postNas,
  secretOn,
  staffSession,
  uniqueAddress,
} from './helpers.js'

async function registryVersion() {
  const row = await db.from('registry_versions').where('name', 'nas').first()
  return Number(row.version)
}

test.group('NAS page: who may do what', () => {
  test('Owner, Admin and Technician add a NAS; a Cashier can neither see nor add one', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    for (const role of [TenantRole.Owner, TenantRole.Admin, TenantRole.Technician]) {
      const session = await staffSession(tenant, role)
      assert.equal((await session.get('/nas')).status, 200, role)
      const created = await postNas(session, nasForm({ name: `NAS of ${role}` }))
      assert.equal(created.status, 302, role)
      const nas = await Nas.findOrFail(createdId(created.location))
      assert.deepEqual(
        [nas.tenantId, nas.name, nas.driver],
        [tenant.id, `NAS of ${role}`, 'radius']
      )
    }

    const cashier = await staffSession(tenant, TenantRole.Cashier)
    assert.equal((await cashier.get('/nas')).status, 403)
    assert.equal((await cashier.get('/nas/data')).status, 403)
    assert.equal((await cashier.get('/nas/create')).status, 403)
    const before = await Nas.query().where('tenant_id', tenant.id).count('* as total')
    // A refused form post is sent back with bouncer's error, like every refused post.
    const refused = await cashier.submit('/dashboard', '/nas', nasForm({ name: 'Kasir' }))
    assert.equal(refused.status, 302)
    const after = await Nas.query().where('tenant_id', tenant.id).count('* as total')
    assert.equal(after[0].$extras.total, before[0].$extras.total)
    assert.notInclude((await cashier.get('/dashboard')).text, 'href="/nas"')
  })

  test("another tenant's NAS is a 404 on every page and action", async ({ assert }) => {
    const a = await tenantFixture()
    const b = await tenantFixture()
    const ownerA = await staffSession(a)
    const ownerB = await staffSession(b)
    const id = createdId((await postNas(ownerA, nasForm({ name: 'Only A' }))).location)

    for (const path of [`/nas/${id}`, `/nas/${id}/edit`]) {
      assert.equal((await ownerB.get(path)).status, 404, path)
    }
    for (const [path, method] of [
      [`/nas/${id}`, 'PUT'],
      [`/nas/${id}`, 'DELETE'],
      [`/nas/${id}/secret`, 'POST'],
      [`/nas/${id}/test`, 'POST'],
      [`/nas/${id}/push`, 'POST'],
      [`/onboarding/nas/${id}`, 'GET'],
    ]) {
      const response =
        method === 'GET'
          ? await ownerB.get(path)
          : await ownerB.submit('/nas', path, { ...nasForm(), confirm: 'on' }, method)
      assert.equal(response.status, 404, `${method} ${path}`)
    }
    const list = (await ownerB.get('/nas/data?draw=1&start=0&length=50')).json()
    assert.equal(list.recordsTotal, 0)
    const nas = await Nas.findOrFail(id)
    assert.equal(nas.name, 'Only A')
  })
})

test.group('NAS page: the shared secret', () => {
  test('a generated secret is strong and shown once, in the secret box and the scripts', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const session = await staffSession(tenant)
    const created = await postNas(session, nasForm({ identifier: 'hq-01' }))
    const nas = await Nas.findOrFail(createdId(created.location))
    assert.match(nas.secret, /^[A-Za-z2-9]{32}$/)

    const first = await session.get(created.location!)
    assert.equal(secretOn(first.text), nas.secret)
    const v7 = downloadOn(first.text, `nas-${nas.id}-routeros7.rsc`)!
    assert.include(v7, `secret="${nas.secret}"`)
    assert.include(v7, '/system identity set name="hq-01"')
    assert.include(downloadOn(first.text, `nas-${nas.id}-routeros6.rsc`)!, `secret="${nas.secret}"`)

    // Never again: not on the page, not in its scripts, not in the list or the edit form.
    for (const path of [`/nas/${nas.id}`, `/nas/${nas.id}/edit`, '/nas/data?draw=1']) {
      const again = await session.get(path)
      assert.equal(again.status, 200, path)
      assert.notInclude(again.text, nas.secret, path)
    }
    const later = await session.get(`/nas/${nas.id}`)
    assert.isNull(secretOn(later.text))
    assert.include(
      downloadOn(later.text, `nas-${nas.id}-routeros7.rsc`)!,
      'secret="PASTE-THE-SHARED-SECRET-HERE"'
    )
    // Sealed at rest.
    const raw = await db.from('nas').where('id', nas.id).select('secret').first()
    assert.notInclude(raw.secret, nas.secret)
  })

  test('a typed secret is kept as typed', async ({ assert }) => {
    const tenant = await tenantFixture()
    const session = await staffSession(tenant)
    const created = await postNas(session, nasForm({ secret: 'my-own "secret" $1' }))
    const nas = await Nas.findOrFail(createdId(created.location))
    assert.equal(nas.secret, 'my-own "secret" $1')
    const page = await session.get(created.location!)
    assert.include(
      downloadOn(page.text, `nas-${nas.id}-routeros7.rsc`)!,
      'secret="my-own \\"secret\\" \\$1"'
    )
  })

  test('rotation needs a confirmation, then shows the new secret once', async ({ assert }) => {
    const tenant = await tenantFixture()
    const session = await staffSession(tenant)
    const id = createdId((await postNas(session, nasForm())).location)
    const old = (await Nas.findOrFail(id)).secret

    const unconfirmed = await session.submit(`/nas/${id}`, `/nas/${id}/secret`, {})
    assert.equal(unconfirmed.status, 302)
    assert.equal((await Nas.findOrFail(id)).secret, old)

    const version = await registryVersion()
    const rotated = await session.submit(`/nas/${id}`, `/nas/${id}/secret`, { confirm: 'on' })
    assert.equal(rotated.status, 302)
    const fresh = (await Nas.findOrFail(id)).secret
    assert.notEqual(fresh, old)
    assert.match(fresh, /^[A-Za-z2-9]{32}$/)
    assert.isAbove(await registryVersion(), version, 'the RADIUS server is told')

    const page = await session.get(`/nas/${id}`)
    assert.equal(secretOn(page.text), fresh)
    assert.isNull(secretOn((await session.get(`/nas/${id}`)).text))
  })
})

test.group('NAS page: form and list', () => {
  test('the RouterOS API password is sealed, never sent back, and kept when left empty', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const session = await staffSession(tenant)
    const form = nasForm({
      driver: 'mikrotik_hotspot',
      apiHost: '192.0.2.5',
      apiPort: '8729',
      apiUsername: 'billing',
      apiPassword: 'Api-Pa55word!',
      apiTls: 'on',
    })
    const id = createdId((await postNas(session, form)).location)
    const raw = await db.from('nas').where('id', id).first()
    assert.notInclude(raw.api_password, 'Api-Pa55word!')
    assert.equal(encryption.decrypt(raw.api_password), 'Api-Pa55word!')

    const edit = await session.get(`/nas/${id}/edit`)
    assert.notInclude(edit.text, 'Api-Pa55word!')
    assert.include(edit.text, 'value="billing"')

    const saved = await session.submit(
      `/nas/${id}/edit`,
      `/nas/${id}`,
      { ...form, name: 'Renamed', apiPassword: '' },
      'PUT'
    )
    assert.equal(saved.status, 302)
    const nas = await Nas.findOrFail(id)
    assert.equal(nas.name, 'Renamed')
    assert.equal(nas.apiPassword, 'Api-Pa55word!')

    // The device layer gets the API access and the NAS's own driver.
    const device = await tenancy.run(tenant, () => new RouterDevices().resolve(id))
    assert.deepEqual(device.context.nas.routerApi, {
      host: '192.0.2.5',
      port: 8729,
      username: 'billing',
      password: 'Api-Pa55word!',
      tls: true,
    })

    // Clearing the host removes the API access, password included.
    await session.submit(`/nas/${id}/edit`, `/nas/${id}`, { ...form, apiHost: '' }, 'PUT')
    const cleared = await Nas.findOrFail(id)
    assert.isNull(cleared.apiHost)
    assert.isNull(cleared.apiPassword)
  })

  test('refusals are reported under their fields and nothing is saved', async ({ assert }) => {
    const tenant = await tenantFixture()
    const session = await staffSession(tenant)
    const address = uniqueAddress()
    await postNas(session, nasForm({ ipAddress: address }))
    const count = async () =>
      Number((await Nas.query().where('tenant_id', tenant.id).count('* as total'))[0].$extras.total)
    const before = await count()

    for (const [overrides, field] of [
      [{ ipAddress: '300.1.1.1' }, 'ipAddress'],
      [{ ipAddress: address }, 'ipAddress'],
      [{ identifier: 'bad identity!' }, 'identifier'],
      [{ driver: 'no_such_driver' }, 'driver'],
      [{ secret: 'short' }, 'secret'],
      [{ authPort: '70000' }, 'authPort'],
      [{ wireguard: 'on', ipAddress: '2001:db8::5' }, 'ipAddress'],
      [{ apiHost: '192.0.2.9' }, 'apiUsername'],
    ] as const) {
      const response = await postNas(session, nasForm(overrides))
      assert.equal(response.status, 302)
      const form = await session.get('/nas/create')
      assert.match(
        form.text,
        new RegExp(`id="${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${field}"`),
        field
      )
    }
    assert.equal(await count(), before)
  })

  test('the list is a DataTables endpoint with a coloured status and the session count', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const session = await staffSession(tenant)
    const id = createdId((await postNas(session, nasForm({ name: 'Tower <1>' }))).location)
    const list = (
      await session.get('/nas/data?draw=4&start=0&length=10&search[value]=tower')
    ).json()
    assert.equal(list.draw, 4)
    assert.equal(list.recordsFiltered, 1)
    const [row] = list.data
    assert.include(row, { id, name: 'Tower <1>', sessions: 0, url: `/nas/${id}` })
    assert.include(row.status, 'Belum diketahui')
    assert.include(row.status, 'bg-neutral-100')

    await Nas.query().where('id', id).update({ last_status: 'online' })
    const online = (await session.get('/nas/data?draw=5')).json().data[0]
    assert.include(online.status, 'bg-success-100')
  })

  test('removing a NAS tells the RADIUS server', async ({ assert }) => {
    const tenant = await tenantFixture()
    const session = await staffSession(tenant)
    const id = createdId((await postNas(session, nasForm())).location)
    const version = await registryVersion()
    const removed = await session.submit(`/nas/${id}`, `/nas/${id}`, {}, 'DELETE')
    assert.equal(removed.location, '/nas')
    assert.isNull(await Nas.find(id))
    assert.isAbove(await registryVersion(), version)
  })

  test("the plan's router limit can refuse a new NAS", async ({ assert, cleanup }) => {
    const tenant = await tenantFixture()
    const session = await staffSession(tenant)
    const canAdd = NasLimitPolicy.canAdd
    NasLimitPolicy.canAdd = async () => false
    cleanup(() => {
      NasLimitPolicy.canAdd = canAdd
    })
    const refused = await postNas(session, nasForm())
    assert.equal(refused.location, '/nas')
    assert.isNull(await Nas.findBy('tenant_id', tenant.id))
  })
})

test.group('Onboarding wizard', () => {
  test('a tenant without a NAS is offered the wizard, which adds one and shows its script once', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const session = await staffSession(tenant)
    assert.deepEqual((await session.get('/onboarding/state')).json(), { needsNas: true })
    assert.include((await session.get('/dashboard')).text, 'href="/onboarding"')

    const created = await session.submit(
      '/onboarding',
      '/onboarding',
      nasForm({ name: 'Router Pertama', type: 'unifi' })
    )
    assert.match(created.location ?? '', /^\/onboarding\/nas\/\d+$/)
    const nas = await Nas.findByOrFail('tenant_id', tenant.id)
    const step2 = await session.get(created.location!)
    assert.equal(secretOn(step2.text), nas.secret)
    assert.include(downloadOn(step2.text, `nas-${nas.id}-unifi.txt`)!, nas.secret)
    assert.isNull(secretOn((await session.get(created.location!)).text))
    assert.deepEqual((await session.get('/onboarding/state')).json(), { needsNas: false })
  })
})
