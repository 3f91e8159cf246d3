import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import { TenantRole } from '#enums/tenant_role'
import { RadiusAuthorizer } from '#radius/auth/radius_authorizer'
import { toSqlTime } from '#radius/sql/sql_time'
import { hostOf, tenantFixture, userIn } from '#tests/helpers/tenants'
import { hotspotLogin, insertRows, rowsOf } from '../radius/helpers.js'
import { createCustomer, createPackage, customerInput } from './helpers.js'

/** Validation messages by field, as flashed. */
type Errors = Record<string, string[]>

test.group('Cashier: counter sales and the day', (group) => {
  let tenant: Tenant
  group.setup(async () => {
    tenant = await tenantFixture()
  })

  test('a Cashier sells vouchers that log in at once, prints them, and sees them in the day', async ({
    client,
    assert,
  }) => {
    const cashier = await userIn(tenant, TenantRole.Cashier)
    const pkg = await createPackage(tenant, {
      name: 'Voucher 1 Hari',
      price: 5000,
      validityUnit: 'days',
      validityValue: 1,
      validityStart: 'first_login',
    })
    const screen = await client.get('/cashier').header('host', hostOf(tenant)).loginAs(cashier)
    screen.assertStatus(200)
    screen.assertTextIncludes('Rp 5.000')

    const sold = await client
      .post('/cashier/sales')
      .header('host', hostOf(tenant))
      .loginAs(cashier)
      .withCsrfToken()
      .form({ packageId: String(pkg.id), quantity: '3', note: 'meja 1' })
      .redirects(0)
    sold.assertStatus(302)
    const [sale] = await rowsOf(tenant, 'offline_sales', { package_id: pkg.id })
    sold.assertHeader('location', `/vouchers/batches/${sale.voucher_batch_id}/print`)
    assert.include(sold.flashMessages().success, 'Rp 15.000')
    assert.equal(Number(sale.total), 15_000)
    assert.equal(sale.cashier_id, cashier.id)
    const [batch] = await rowsOf(tenant, 'voucher_batches', { id: sale.voucher_batch_id })
    assert.equal(batch.created_by, cashier.id, 'the Cashier is the seller of the vouchers')
    const vouchers = await rowsOf(tenant, 'vouchers', { batch_id: batch.id })
    const codes = vouchers.map((row) => row.code as string)
    assert.lengthOf(codes, 3)

    const print = await client
      .get(`/vouchers/batches/${batch.id}/print`)
      .header('host', hostOf(tenant))
      .loginAs(cashier)
    print.assertStatus(200)
    for (const code of codes) print.assertTextIncludes(code)

    const authorizer = new RadiusAuthorizer()
    for (const code of codes) {
      const result = await tenancy.run(tenant, () =>
        authorizer.authorize(hotspotLogin(tenant, code, code))
      )
      assert.isTrue(result.accept, result.reason)
    }

    const today = await client.get('/sales/today').header('host', hostOf(tenant)).loginAs(cashier)
    today.assertStatus(200)
    today.assertTextIncludes('Rp 15.000')
    today.assertTextIncludes('Voucher 1 Hari × 3')
  })

  test("the day is the tenant's local day; a renewal counts; an Investor sees none of it", async ({
    client,
    assert,
  }) => {
    const other = await tenantFixture()
    const cashier = await userIn(other, TenantRole.Cashier)
    const pkg = await createPackage(other, { name: 'Bulanan', price: 150_000 })
    const { customer } = await createCustomer(other, customerInput(pkg.id, { username: 'rina' }))
    const midnight = DateTime.now().setZone(other.timezone).startOf('day')
    const row = (at: DateTime, total: number) => ({
      package_id: pkg.id,
      package_name: 'Bulanan',
      quantity: 1,
      unit_price: total,
      total,
      payment_method: 'cash',
      cashier_name: 'kemarin',
      created_at: toSqlTime(at.toJSDate()),
    })
    // 23:30 yesterday in Jakarta is not today; 00:30 today is (both 16:30/17:30 UTC yesterday).
    await insertRows(other, 'offline_sales', [
      row(midnight.minus({ minutes: 30 }), 1_000),
      row(midnight.plus({ minutes: 30 }), 2_000),
    ])

    const renewal = await client
      .post('/cashier/sales')
      .header('host', hostOf(other))
      .loginAs(cashier)
      .withCsrfToken()
      .form({ packageId: String(pkg.id), quantity: '1', customer: 'rina' })
      .redirects(0)
    renewal.assertHeader('location', '/cashier')
    const [renewed] = await rowsOf(other, 'customers', { id: customer.id })
    assert.isAbove(new Date(renewed.expires_at).getTime(), customer.expiresAt!.toMillis())

    const unknown = await client
      .post('/cashier/sales')
      .header('host', hostOf(other))
      .loginAs(cashier)
      .withCsrfToken()
      .form({ packageId: String(pkg.id), quantity: '1', customer: 'nobody' })
      .redirects(0)
    assert.deepEqual((unknown.flashMessages().inputErrorsBag as Errors).customer, [
      'Tidak ada pelanggan dengan username ini.',
    ])

    const today = await client.get('/sales/today').header('host', hostOf(other)).loginAs(cashier)
    today.assertTextIncludes('id="today-total">Rp 152.000<')
    today.assertTextIncludes('id="today-count">2<')
    const data = await client
      .get('/sales/today/data?draw=1&start=0&length=10')
      .header('host', hostOf(other))
      .loginAs(cashier)
    assert.equal(data.body().recordsTotal, 2)

    const investor = await userIn(other, TenantRole.Investor)
    for (const path of ['/sales/today', '/cashier', '/customers', '/packages']) {
      const response = await client.get(path).header('host', hostOf(other)).loginAs(investor)
      response.assertStatus(403)
    }
  })
})
