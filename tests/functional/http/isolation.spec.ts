import { test } from '@japa/runner'
import tenancy from '#tenancy/main'
import User from '#models/tenant/user'
import { TenantRole } from '#enums/tenant_role'
import type Tenant from '#models/central/tenant'
import { hostOf, tenantFixture, userIn } from '#tests/helpers/tenants'
import { csrfTokenIn, loginOver, SESSION_COOKIE, sessionCookieOf } from '#tests/helpers/http'

/**
 * Two tenants whose Owners share one e-mail and whose records share ids. Every tenant-scoped
 * route, with A's session on B's host or with B's ids on A's host, is refused and shows nothing
 * of B.
 */
test.group('Tenant isolation', (group) => {
  let a: Tenant
  let b: Tenant
  let bOnlyStaffId: number
  const sharedEmail = 'same.person@isp.test'

  group.setup(async () => {
    a = await tenantFixture({ email: sharedEmail })
    b = await tenantFixture({ email: sharedEmail })
    // Same ids in both databases (1 = Owner, 2 = a cashier), plus one id only B has.
    await userIn(a, TenantRole.Cashier, 'cashier@a.test')
    await userIn(b, TenantRole.Cashier, 'cashier-of-b@b.test')
    bOnlyStaffId = (await userIn(b, TenantRole.Support, 'support-of-b@b.test')).id
  })

  test("A's session cookie replayed on B's host is not a login there", async ({ client, assert }) => {
    const login = await loginOver(client, hostOf(a), sharedEmail)
    const cookie = sessionCookieOf(login)
    for (const path of ['/dashboard', '/staff', '/staff/data', '/settings', '/staff/1/edit', '/staff/2/edit']) {
      const response = await client.get(path).header('host', hostOf(b)).cookie(SESSION_COOKIE, cookie).redirects(0)
      assert.equal(response.status(), 302, path)
      assert.equal(response.header('location'), '/login', path)
      assert.notInclude(response.text(), 'of-b@b.test', path)
    }
    // Nor on the platform console.
    const platform = await client.get('/platform/tenants/data').header('host', 'localhost').cookie(SESSION_COOKIE, cookie).redirects(0)
    assert.notEqual(platform.status(), 200)
  })

  test("B's ids on A's host read A's rows or nothing", async ({ client, assert }) => {
    const cookie = sessionCookieOf(await loginOver(client, hostOf(a), sharedEmail))
    const two = await client.get('/staff/2/edit').header('host', hostOf(a)).cookie(SESSION_COOKIE, cookie)
    two.assertStatus(200)
    two.assertTextIncludes('cashier@a.test')
    assert.notInclude(two.text(), 'cashier-of-b@b.test')

    const bOnly = await client.get(`/staff/${bOnlyStaffId}/edit`).header('host', hostOf(a)).cookie(SESSION_COOKIE, cookie)
    bOnly.assertStatus(404)
    assert.notInclude(bOnly.text(), 'support-of-b@b.test')

    const list = await client.get('/staff/data').header('host', hostOf(a)).cookie(SESSION_COOKIE, cookie).qs({ draw: 1, length: 100 })
    list.assertStatus(200)
    assert.notInclude(JSON.stringify(list.body()), 'of-b@b.test')

    // Writing to an id only B has changes nothing in B.
    const page = await client.get('/staff/2/edit').header('host', hostOf(a)).cookie(SESSION_COOKIE, cookie)
    const write = await client
      .put(`/staff/${bOnlyStaffId}`)
      .header('host', hostOf(a))
      .cookie(SESSION_COOKIE, cookie)
      .form({ _csrf: csrfTokenIn(page.text()), fullName: 'Hijacked', email: 'hijack@a.test', status: 'disabled' })
      .redirects(0)
    write.assertStatus(404)
    await tenancy.run(b, async () => {
      const untouched = await User.findOrFail(bOnlyStaffId)
      assert.equal(untouched.fullName, 'support person')
      assert.equal(untouched.status, 'active')
    })
  })

  test('the same e-mail logs in to each tenant with that tenant\'s own account', async ({ client, assert }) => {
    const intoA = await loginOver(client, hostOf(a), sharedEmail)
    const intoB = await loginOver(client, hostOf(b), sharedEmail)
    assert.equal(intoA.header('location'), '/')
    assert.equal(intoB.header('location'), '/')
    const pageB = await client.get('/dashboard').header('host', hostOf(b)).cookie(SESSION_COOKIE, sessionCookieOf(intoB))
    pageB.assertTextIncludes(b.name)
    assert.notInclude(pageB.text(), a.name)
  })
})
