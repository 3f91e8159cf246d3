import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type Tenant from '#models/central/tenant'
import type User from '#models/tenant/user'
import { hostOf, ownerOf, tenantFixture } from '#tests/helpers/tenants'
import { rowsOf } from '../radius/helpers.js'
import './helpers.js'

/** Validation messages by field, as flashed. */
type Errors = Record<string, string[]>

/** The package form as a browser posts it: a 2/10 Mbps hotspot package for 30 days. */
function form(overrides: Record<string, string> = {}) {
  return {
    name: `Paket ${Math.random().toString(36).slice(2, 7)}`,
    kind: 'hotspot',
    price: '50000',
    rateUp: '2',
    rateDown: '10',
    validityUnit: 'days',
    validityValue: '30',
    validityStart: 'purchase',
    sharedUsers: '1',
    isActive: 'on',
    ...overrides,
  }
}

test.group('Package builder over HTTP', (group) => {
  let tenant: Tenant
  let owner: User
  group.setup(async () => {
    tenant = await tenantFixture()
    owner = await ownerOf(tenant)
  })

  const post = (client: ApiClient, values: Record<string, string>, locale = 'id') =>
    client
      .post('/packages')
      .header('host', hostOf(tenant))
      .loginAs(owner)
      .withSession({ locale })
      .withCsrfToken()
      .form(values)
      .redirects(0)

  test('a package from the form becomes its RADIUS group in operator units', async ({
    client,
    assert,
  }) => {
    const values = form({
      burstUp: '4',
      burstDown: '20',
      burstThresholdUp: '1.5',
      burstThresholdDown: '8',
      burstTime: '16',
      priority: '8',
      dataQuota: '5',
      fupThreshold: '3',
      fupRateUp: '0.5',
      fupRateDown: '1',
      timeQuota: '10',
      idleTimeout: '10',
      ipPool: 'hs-pool',
    })
    const response = await post(client, values)
    response.assertStatus(302)
    response.assertHeader('location', '/packages')
    const [pkg] = await rowsOf(tenant, 'packages', { name: values.name })
    assert.equal(pkg.group_name, `pkg-${pkg.id}`)
    const check = await rowsOf(tenant, 'radgroupcheck', { groupname: pkg.group_name })
    assert.deepEqual(
      check.map((row) => [row.attribute, row.value]),
      [
        ['Simultaneous-Use', '1'],
        ['Rb-Allowed-Service', 'hotspot'],
        ['Max-All-Session', '36000'],
        ['Rb-Data-Quota', String(5 * 1024 ** 3)],
        ['Rb-Fup-Threshold', String(3 * 1024 ** 3)],
        ['Rb-Fup-Rate-Limit', '500k/1M'],
      ]
    )
    const reply = await rowsOf(tenant, 'radgroupreply', { groupname: pkg.group_name })
    assert.deepEqual(
      reply.map((row) => [row.attribute, row.value]),
      [
        ['Mikrotik-Rate-Limit', '2M/10M 4M/20M 1500k/8M 16/16 8'],
        ['Port-Limit', '1'],
        ['Framed-Pool', 'hs-pool'],
        ['Idle-Timeout', '600'],
      ]
    )

    const list = await client
      .get('/packages/data?draw=1&start=0&length=10&search[value]=' + values.name)
      .header('host', hostOf(tenant))
      .loginAs(owner)
    list.assertStatus(200)
    assert.equal(list.body().recordsFiltered, 1)
    assert.equal(list.body().data[0].price, 'Rp 50.000')
    assert.equal(list.body().data[0].url, `/packages/${pkg.id}/edit`)
    const edit = await client
      .get(`/packages/${pkg.id}/edit`)
      .header('host', hostOf(tenant))
      .loginAs(owner)
    edit.assertStatus(200)
    edit.assertTextIncludes('value="1.5"')
    const blank = await client.get('/packages/create').header('host', hostOf(tenant)).loginAs(owner)
    blank.assertStatus(200)
    const index = await client.get('/packages').header('host', hostOf(tenant)).loginAs(owner)
    index.assertTextIncludes('Profil isolir')
  })

  test('impossible combinations are refused per field, in Indonesian', async ({
    client,
    assert,
  }) => {
    const response = await post(
      client,
      form({
        kind: 'hotspot',
        staticIp: 'on',
        burstUp: '1',
        burstDown: '20',
        burstThresholdUp: '1',
        burstThresholdDown: '8',
        burstTime: '10',
        fupThreshold: '3',
        dataQuota: '0',
        validityUnit: 'period',
        periodDay: '31',
      })
    )
    response.assertStatus(302)
    const errors = response.flashMessages().inputErrorsBag as Errors
    assert.deepEqual(errors.burstUp, [
      'Burst upload (Mbps) harus lebih tinggi dari kecepatan normal.',
    ])
    assert.deepEqual(errors.staticIp, [
      'Paket khusus hotspot tidak bisa memberi IP statis: pilih PPPoE, DHCP atau Hybrid.',
    ])
    assert.deepEqual(errors.fupRateDown, ['Ambang FUP memerlukan kecepatan FUP yang diturunkan.'])
    assert.deepEqual(errors.dataQuota, [
      'Kuota data (GB) tidak boleh nol: kosongkan jika tanpa batas.',
    ])
    assert.deepEqual(errors.periodDay, ['Tanggal periode harus antara 1 dan 28.'])
    assert.notProperty(errors, 'burstDown')
    assert.lengthOf(await rowsOf(tenant, 'packages'), 1, 'nothing new was stored')
  })

  test('the same refusals in English, and the shared messages name the field', async ({
    client,
    assert,
  }) => {
    const refused = await post(
      client,
      form({ fupRateUp: '0.5', fupRateDown: '1', rateDown: '', validityValue: '' }),
      'en'
    )
    const errors = refused.flashMessages().inputErrorsBag as Errors
    assert.deepEqual(errors.rateDown, ['The Download (Mbps) field is required.'])
    const afterShape = await post(client, form({ fupRateUp: '0.5', fupRateDown: '1' }), 'en')
    assert.deepEqual((afterShape.flashMessages().inputErrorsBag as Errors).fupThreshold, [
      'An FUP speed needs the threshold after which it applies.',
    ])
    const period = await post(
      client,
      form({ validityUnit: 'period', periodDay: '5', validityStart: 'first_login' }),
      'en'
    )
    assert.deepEqual((period.flashMessages().inputErrorsBag as Errors).validityStart, [
      'A period package runs to a fixed day: it cannot count from the first login.',
    ])
  })
})
