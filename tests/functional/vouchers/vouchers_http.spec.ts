import { writeFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import type User from '#models/tenant/user'
import VoucherBatch from '#models/tenant/voucher_batch'
import VoucherTemplate from '#models/tenant/voucher_template'
import { TenantRole } from '#enums/tenant_role'
import { loginOver } from '#tests/helpers/http'
import { hostOf, tenantFixture, userIn } from '#tests/helpers/tenants'
import { hotspotLogin } from '../radius/helpers.js'
import { createPackage } from '../catalogue/helpers.js'
import { authorizeAt, vouchersOf } from './helpers.js'

// 1×1 transparent PNG: a logo to upload.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64'
)

/*
 * Vouchers over HTTP, as each role meets them: the Admin generates, follows the progress,
 * opens the batch, designs a template and prints; the Cashier only prints; the Investor sees
 * nothing of it.
 */
test.group('Vouchers over HTTP', (group) => {
  let tenant: Tenant
  let admin: User
  let cashier: User
  let investor: User
  let batch: VoucherBatch
  group.setup(async () => {
    tenant = await tenantFixture()
    admin = await userIn(tenant, TenantRole.Admin)
    cashier = await userIn(tenant, TenantRole.Cashier)
    investor = await userIn(tenant, TenantRole.Investor)
  })

  test('an Admin generates a batch: progress, batch page, voucher list with states', async ({
    client,
    assert,
  }) => {
    const pkg = await createPackage(tenant, { name: 'Harian 5K', price: 5000 })
    const form = await client
      .get('/vouchers/batches/create')
      .header('host', hostOf(tenant))
      .loginAs(admin)
    form.assertStatus(200)
    form.assertTextIncludes('Harian 5K')

    const created = await client
      .post('/vouchers/batches')
      .header('host', hostOf(tenant))
      .loginAs(admin)
      .withCsrfToken()
      .form({
        packageId: String(pkg.id),
        quantity: '30',
        prefix: 'HS',
        codeLength: '6',
        charset: 'numeric',
        loginMode: 'same',
        note: 'lobby',
      })
      .redirects(0)
    created.assertStatus(302)
    batch = await tenancy.run(tenant, () =>
      VoucherBatch.query().orderBy('id', 'desc').firstOrFail()
    )
    created.assertHeader('location', `/vouchers/batches/${batch.id}/progress`)
    assert.equal(batch.createdBy, admin.id)
    assert.equal(batch.createdByName, admin.fullName)
    assert.equal(batch.price, 5000)

    const status = await client
      .get(`/vouchers/batches/${batch.id}/status`)
      .header('host', hostOf(tenant))
      .loginAs(admin)
    status.assertBodyContains({ status: 'done', generated: 30, quantity: 30, progress: 100 })
    const progress = await client
      .get(`/vouchers/batches/${batch.id}/progress`)
      .header('host', hostOf(tenant))
      .loginAs(admin)
    progress.assertStatus(200)
    progress.assertTextIncludes('voucher-progress')

    const [voucher] = await vouchersOf(tenant, batch.id)
    assert.match(voucher.code, /^HS\d{6}$/)
    await authorizeAt(
      tenant,
      hotspotLogin(tenant, voucher.code, voucher.password, 'AA:BB:CC:DD:EE:07'),
      new Date()
    )

    const page = await client
      .get(`/vouchers/batches/${batch.id}`)
      .header('host', hostOf(tenant))
      .loginAs(admin)
    page.assertStatus(200)
    page.assertTextIncludes(admin.fullName)
    const list = await client
      .get(`/vouchers/data?batch=${batch.id}&draw=1&start=0&length=100`)
      .header('host', hostOf(tenant))
      .header('accept', 'application/json')
      .loginAs(admin)
    list.assertStatus(200)
    const body = list.body()
    assert.equal(body.recordsTotal, 30)
    const used = body.data.find((row: any) => row.code === voucher.code)
    assert.equal(used.statusKey, 'active')
    assert.equal(used.usedByMac, 'AA:BB:CC:DD:EE:07')
    assert.equal(body.data.filter((row: any) => row.statusKey === 'unused').length, 29)
  })

  test('a refused batch says why on its field: too few codes for the quantity', async ({
    client,
  }) => {
    const pkg = await createPackage(tenant)
    const refused = await client
      .post('/vouchers/batches')
      .header('host', hostOf(tenant))
      .header('referer', '/vouchers/batches/create')
      .loginAs(admin)
      .withSession({ locale: 'en' })
      .withCsrfToken()
      .form({
        packageId: String(pkg.id),
        quantity: '6000',
        codeLength: '4',
        charset: 'numeric',
        loginMode: 'same',
      })
      .redirects(0)
    refused.assertStatus(302)
    refused.assertHeader('location', '/vouchers/batches/create')
    refused.assertFlashMessage('inputErrorsBag', {
      codeLength: [
        'This code length and character set give too few codes for that quantity: make the code longer or choose more characters.',
      ],
    })
  })

  test('templates: gallery of four designs, a template with a logo, its preview, print and PDF', async ({
    client,
    assert,
  }) => {
    const gallery = await client
      .get('/vouchers/templates')
      .header('host', hostOf(tenant))
      .loginAs(admin)
    gallery.assertStatus(200)
    for (const design of ['small_card', 'qr_card', 'thermal_58', 'a4_grid']) {
      gallery.assertTextIncludes(`preview?thumb=1&design=${design}`)
    }
    const logo = app.makePath('tmp', `logo-${tenant.slug}.png`)
    await writeFile(logo, PNG)
    const saved = await client
      .post('/vouchers/templates')
      .header('host', hostOf(tenant))
      .loginAs(admin)
      .withCsrfToken()
      .fields({
        name: 'Kafe',
        design: 'qr_card',
        colorPrimary: '#165d74',
        colorAccent: '#ea580c',
        title: 'Kafe Net',
        hotspotDns: 'login.kafe.net',
        showPrice: 'true',
        showQr: 'true',
        showPassword: 'true',
        perPage: '12',
      })
      .file('logo', logo)
      .redirects(0)
    saved.assertStatus(302)
    const template = await tenancy.run(tenant, () => VoucherTemplate.findByOrFail('name', 'Kafe'))
    assert.isNotNull(template.logoPath)
    assert.isFalse(template.showSpeed)
    const image = await client
      .get(`/vouchers/templates/${template.id}/logo`)
      .header('host', hostOf(tenant))
      .loginAs(cashier)
    image.assertStatus(200)
    image.assertHeader('content-type', 'image/png')

    const preview = await client
      .get(`/vouchers/templates/preview?template=${template.id}&colorPrimary=%23ff0000`)
      .header('host', hostOf(tenant))
      .loginAs(admin)
    preview.assertStatus(200)
    preview.assertTextIncludes('--c1: #ff0000')
    preview.assertTextIncludes('<svg')

    // The Cashier prints: the QR code opens the hotspot login with the voucher filled in.
    const [voucher] = await vouchersOf(tenant, batch.id)
    const print = await client
      .get(`/vouchers/batches/${batch.id}/print?template=${template.id}&perPage=12`)
      .header('host', hostOf(tenant))
      .loginAs(cashier)
    print.assertStatus(200)
    print.assertTextIncludes(`data-voucher="${voucher.code}"`)
    print.assertTextIncludes('grid-template-columns: repeat(3,')
    print.assertTextIncludes('grid-template-rows: repeat(4,')
    assert.equal((print.text().match(/class="sheet"/g) ?? []).length, 3)
    const { session } = await loginOver(hostOf(tenant), cashier.email)
    const pdf = await session.get(`/vouchers/batches/${batch.id}/pdf?template=${template.id}`)
    assert.equal(pdf.status, 200)
    assert.isTrue(pdf.text.startsWith('%PDF-'))
    assert.isTrue(pdf.text.trimEnd().endsWith('%%EOF'))
  })

  test('permissions: the Admin manages, the Cashier prints only, the Investor sees nothing', async ({
    client,
  }) => {
    const get = (path: string, user: User) =>
      client.get(path).header('host', hostOf(tenant)).loginAs(user)
    for (const path of [
      '/vouchers',
      `/vouchers/batches/${batch.id}/print`,
      `/vouchers/batches/${batch.id}/pdf`,
    ]) {
      ;(await get(path, admin)).assertStatus(200)
      ;(await get(path, cashier)).assertStatus(200)
      ;(await get(path, investor)).assertStatus(403)
    }
    for (const path of [
      '/vouchers/batches/create',
      `/vouchers/batches/${batch.id}`,
      '/vouchers/templates',
      '/exports',
      '/exports/vouchers/csv',
    ]) {
      ;(await get(path, admin)).assertStatus(200)
      ;(await get(path, cashier)).assertStatus(403)
      ;(await get(path, investor)).assertStatus(403)
    }
    const post = (path: string, user: User) =>
      client
        .post(path)
        .header('host', hostOf(tenant))
        .loginAs(user)
        .withCsrfToken()
        .header('accept', 'application/json')
    ;(await post(`/vouchers/batches/${batch.id}/disable`, cashier)).assertStatus(403)
    ;(await post('/vouchers/batches', investor)).assertStatus(403)
  })

  test('batch actions: disable refuses every login, enable lets them in, delete unused keeps used ones', async ({
    client,
    assert,
  }) => {
    const [used, unused] = await vouchersOf(tenant, batch.id)
    const act = (action: string) =>
      client
        .post(`/vouchers/batches/${batch.id}/${action}`)
        .header('host', hostOf(tenant))
        .loginAs(admin)
        .withCsrfToken()
        .redirects(0)
    ;(await act('disable')).assertStatus(302)
    const refused = await authorizeAt(
      tenant,
      hotspotLogin(tenant, unused.code, unused.password),
      new Date()
    )
    assert.isFalse(refused.accept)
    assert.equal(refused.reason, 'Account is disabled')
    ;(await act('enable')).assertStatus(302)
    assert.isTrue(
      (await authorizeAt(tenant, hotspotLogin(tenant, unused.code, unused.password), new Date()))
        .accept
    )

    const deleted = await act('delete-unused')
    deleted.assertStatus(302)
    const left = await vouchersOf(tenant, batch.id)
    // The two that logged in stay; the 28 others are gone with their RADIUS rows.
    assert.sameMembers(
      left.map((voucher) => voucher.code),
      [used.code, unused.code]
    )
    const rejected = await authorizeAt(
      tenant,
      hotspotLogin(tenant, 'HS000000', 'HS000000'),
      new Date()
    )
    assert.isFalse(rejected.accept)
  })
})
