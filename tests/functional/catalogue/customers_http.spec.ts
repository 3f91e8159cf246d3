import { test } from '@japa/runner'
import type Tenant from '#models/central/tenant'
import type User from '#models/tenant/user'
import { PackageKind } from '#enums/package_kind'
import { hostOf, ownerOf, tenantFixture } from '#tests/helpers/tenants'
import { rowsOf } from '../radius/helpers.js'
import { createCustomer, createPackage, customerInput, radiusRows } from './helpers.js'

/** Validation messages by field, as flashed. */
type Errors = Record<string, string[]>

test.group('Customers over HTTP', (group) => {
  let tenant: Tenant
  let owner: User
  group.setup(async () => {
    tenant = await tenantFixture()
    owner = await ownerOf(tenant)
  })

  test('the form creates the customer and its RADIUS user; bad input is refused per field', async ({
    client,
    assert,
  }) => {
    const pkg = await createPackage(tenant, { kind: PackageKind.Pppoe })
    const values = {
      username: 'siti.pppoe',
      password: '',
      packageId: String(pkg.id),
      fullName: 'Siti Aminah',
      service: 'pppoe',
      phone: '0812-3456-7890',
      email: '',
      address: 'Jl. Melati 3',
      latitude: '-6.2',
      longitude: '106.8166',
      macAddress: '',
      staticIp: '',
    }
    const created = await client
      .post('/customers')
      .header('host', hostOf(tenant))
      .loginAs(owner)
      .withCsrfToken()
      .form(values)
      .redirects(0)
    created.assertStatus(302)
    const [row] = await rowsOf(tenant, 'customers', { username: 'siti.pppoe' })
    created.assertHeader('location', `/customers/${row.id}`)
    assert.equal(row.phone, '+6281234567890')
    assert.equal(Number(row.latitude), -6.2)
    const password = (await radiusRows(tenant, 'radcheck', 'siti.pppoe'))[0][2] as string
    assert.include(created.flashMessages().success, password)

    const page = await client
      .get(`/customers/${row.id}`)
      .header('host', hostOf(tenant))
      .loginAs(owner)
    assert.equal(page.status(), 200, page.text().slice(0, 3000))
    page.assertTextIncludes('Siti Aminah')
    page.assertTextIncludes(password)
    const edit = await client
      .get(`/customers/${row.id}/edit`)
      .header('host', hostOf(tenant))
      .loginAs(owner)
    edit.assertStatus(200)
    edit.assertTextIncludes('value="+6281234567890"')

    const refused = await client
      .post('/customers')
      .header('host', hostOf(tenant))
      .loginAs(owner)
      .withCsrfToken()
      .form({ ...values, service: 'hotspot', phone: '12345', latitude: '120' })
      .redirects(0)
    const errors = refused.flashMessages().inputErrorsBag as Errors
    assert.deepEqual(errors.username, ['Username sudah dipakai.'])
    assert.deepEqual(errors.phone, [
      'Masukkan nomor HP Indonesia, misalnya 0812 3456 7890 atau +62 812 3456 7890.',
    ])
    assert.property(errors, 'latitude')

    const mismatch = await client
      .post('/customers')
      .header('host', hostOf(tenant))
      .loginAs(owner)
      .withCsrfToken()
      .form({ ...values, username: 'hotspot.one', service: 'hotspot' })
      .redirects(0)
    assert.deepEqual((mismatch.flashMessages().inputErrorsBag as Errors).packageId, [
      'Paket ini untuk layanan lain (hotspot atau PPPoE).',
    ])
    assert.lengthOf(await rowsOf(tenant, 'customers', { username: 'hotspot.one' }), 0)
  })

  test('the DataTables endpoint filters by status, package and kind, searches and sorts', async ({
    client,
    assert,
  }) => {
    const hotspot = await createPackage(tenant)
    const pppoe = await createPackage(tenant, { kind: PackageKind.Pppoe })
    for (const [name, pkg, service] of [
      ['Ahmad Filter', hotspot, 'hotspot'],
      ['Bayu Filter', pppoe, 'pppoe'],
      ['Citra Filter', pppoe, 'pppoe'],
    ] as const) {
      await createCustomer(
        tenant,
        customerInput(pkg.id, { fullName: name, service, username: `f-${name.split(' ')[0]}` })
      )
    }
    const page = (query: string) =>
      client
        .get(
          `/customers/data?draw=2&start=0&length=10&columns[0][data]=username&columns[1][data]=fullName&order[0][column]=1&order[0][dir]=desc&search[value]=Filter&${query}`
        )
        .header('host', hostOf(tenant))
        .header('accept', 'application/json')
        .loginAs(owner)
    const all = await page('')
    all.assertStatus(200)
    assert.deepEqual(
      all.body().data.map((row: any) => row.fullName),
      ['Citra Filter', 'Bayu Filter', 'Ahmad Filter']
    )
    const byPackage = await page(`package=${pppoe.id}`)
    assert.equal(byPackage.body().recordsFiltered, 2)
    assert.equal(byPackage.body().data[0].package, pppoe.name)
    const byKind = await page('service=hotspot&status=active')
    assert.deepEqual(
      byKind.body().data.map((row: any) => row.username),
      ['f-Ahmad']
    )
    assert.lengthOf((await page('status=isolir')).body().data, 0)
    ;(await page('status=bogus')).assertStatus(422)
  })

  test("another tenant's customer ids are 404, even for its Owner", async ({ client, assert }) => {
    const pkg = await createPackage(tenant)
    const { customer } = await createCustomer(tenant, customerInput(pkg.id))
    const other = await tenantFixture()
    const otherOwner = await ownerOf(other)
    for (const path of [`/customers/${customer.id}`, `/customers/${customer.id}/edit`]) {
      const response = await client.get(path).header('host', hostOf(other)).loginAs(otherOwner)
      response.assertStatus(404)
    }
    const kick = await client
      .post(`/customers/${customer.id}/status`)
      .header('host', hostOf(other))
      .loginAs(otherOwner)
      .withCsrfToken()
      .form({ status: 'disabled' })
      .redirects(0)
    kick.assertStatus(404)
    const [row] = await rowsOf(tenant, 'customers', { id: customer.id })
    assert.equal(row.status, 'active')
  })
})
