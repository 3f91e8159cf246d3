import { test } from '@japa/runner'
import AuditLog from '#models/central/audit_log'
import Tenant from '#models/central/tenant'
import { PlatformRole } from '#enums/platform_role'
import { hostOf, ownerOf, platformUser, tenantFixture, TEST_PASSWORD } from '#tests/helpers/tenants'
import { loginOver } from '#tests/helpers/http'

test.group('Staff management', () => {
  test('the Owner creates a Cashier, who can log in but cannot open the staff page', async ({
    client,
    assert,
  }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    const created = await client
      .post('/staff')
      .header('host', hostOf(tenant))
      .loginAs(owner)
      .withCsrfToken()
      .form({
        fullName: 'Siti Kasir',
        email: 'siti@kasir.test',
        password: TEST_PASSWORD,
        role: 'cashier',
      })
      .redirects(0)
    created.assertStatus(302)
    created.assertHeader('location', '/staff')

    const list = await client
      .get('/staff/data?draw=3&start=0&length=10&search[value]=siti')
      .header('host', hostOf(tenant))
      .loginAs(owner)
    list.assertStatus(200)
    list.assertBodyContains({ draw: 3, recordsFiltered: 1 })
    assert.equal(list.body().data[0].roleSlug, 'cashier')
    assert.equal(list.body().data[0].role, 'Kasir')

    const { session } = await loginOver(hostOf(tenant), 'siti@kasir.test')
    assert.equal((await session.get('/dashboard')).status, 200)
    const refused = await session.get('/staff')
    assert.equal(refused.status, 403)
    assert.include(refused.text, '<html', "a styled page, not bouncer's plain text")
  })

  test('validation errors are reported per field and nothing is created', async ({
    client,
    assert,
  }) => {
    const tenant = await tenantFixture()
    const owner = await ownerOf(tenant)
    const response = await client
      .post('/staff')
      .header('host', hostOf(tenant))
      .loginAs(owner)
      .withCsrfToken()
      .form({ fullName: '', email: owner.email, password: 'short', role: 'owner' })
      .redirects(0)
    response.assertStatus(302)
    const errors = response.flashMessages().inputErrorsBag ?? response.flashMessages().errors
    assert.properties(errors, ['fullName', 'email', 'password', 'role'])
  })
})

test.group('Platform console', () => {
  test('tenants list is a DataTables endpoint with a capped page size', async ({
    client,
    assert,
  }) => {
    const admin = await platformUser(PlatformRole.PlatformAdmin)
    await tenantFixture()
    const response = await client
      .get(
        '/platform/tenants/data?draw=7&start=0&length=100000&order[0][column]=0&order[0][dir]=desc&columns[0][data]=id'
      )
      .header('host', 'localhost')
      .withGuard('platform')
      .loginAs(admin)
    response.assertStatus(200)
    assert.equal(response.body().draw, 7)
    assert.isAtMost(response.body().data.length, 100)
    assert.isAtLeast(response.body().recordsTotal, 1)
  })

  test('suspend with a reason: audit-logged, and the tenant host says it is suspended', async ({
    client,
    assert,
  }) => {
    const admin = await platformUser(PlatformRole.SuperAdmin)
    const tenant = await tenantFixture()
    const missingReason = await client
      .post(`/platform/tenants/${tenant.id}/suspend`)
      .header('host', 'localhost')
      .withGuard('platform')
      .loginAs(admin)
      .withCsrfToken()
      .form({})
      .redirects(0)
    missingReason.assertStatus(302)
    assert.equal((await Tenant.findOrFail(tenant.id)).status, 'active')

    const suspend = await client
      .post(`/platform/tenants/${tenant.id}/suspend`)
      .header('host', 'localhost')
      .withGuard('platform')
      .loginAs(admin)
      .withCsrfToken()
      .form({ reason: 'Tagihan belum dibayar' })
      .redirects(0)
    suspend.assertStatus(302)
    const reloaded = await Tenant.findOrFail(tenant.id)
    assert.equal(reloaded.status, 'suspended')
    assert.equal(reloaded.suspendedReason, 'Tagihan belum dibayar')
    const entry = await AuditLog.query()
      .where('tenant_id', tenant.id)
      .where('action', 'tenant.suspended')
      .firstOrFail()
    assert.equal(entry.actorEmail, admin.email)
    assert.deepEqual(entry.details, { reason: 'Tagihan belum dibayar' })

    const page = await client.get('/login').header('host', hostOf(tenant))
    page.assertStatus(403)

    const detail = await client
      .get(`/platform/tenants/${tenant.id}`)
      .header('host', 'localhost')
      .withGuard('platform')
      .loginAs(admin)
    detail.assertStatus(200)
    detail.assertTextIncludes('Tagihan belum dibayar')

    await client
      .post(`/platform/tenants/${tenant.id}/unsuspend`)
      .header('host', 'localhost')
      .withGuard('platform')
      .loginAs(admin)
      .withCsrfToken()
      .form({ reason: 'Sudah lunas' })
      .redirects(0)
    assert.equal((await Tenant.findOrFail(tenant.id)).status, 'active')
    ;(await client.get('/login').header('host', hostOf(tenant))).assertStatus(200)
  })
})
