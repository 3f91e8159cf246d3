import { test } from '@japa/runner'
import tenancy from '#tenancy/main'
import User from '#models/tenant/user'
import { TenantRole } from '#enums/tenant_role'
import type Tenant from '#models/central/tenant'
import { hostOf, tenantFixture, userIn } from '#tests/helpers/tenants'
import { loginOver } from '#tests/helpers/http'

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

  test("A's session cookie replayed on B's host is not a login there", async ({ assert }) => {
    const { session } = await loginOver(hostOf(a), sharedEmail)
    assert.equal((await session.get('/staff')).status, 200)
    const stolen = session.on(hostOf(b))
    for (const path of [
      '/dashboard',
      '/staff',
      '/staff/data',
      '/settings',
      '/staff/1/edit',
      '/staff/2/edit',
    ]) {
      const response = await stolen.get(path)
      assert.equal(response.status, 302, path)
      assert.equal(response.location, '/login', path)
      assert.notInclude(response.text, 'of-b@b.test', path)
    }
    // Nor on the platform console.
    assert.notEqual((await session.on('localhost').get('/platform/tenants/data')).status, 200)
    // A session presented on a host it does not belong to is wiped: a stolen cookie dies with it.
    assert.equal((await session.get('/staff')).status, 302)
  })

  test("B's ids on A's host read A's rows or nothing", async ({ assert }) => {
    const { session } = await loginOver(hostOf(a), sharedEmail)
    const two = await session.get('/staff/2/edit')
    assert.equal(two.status, 200)
    assert.include(two.text, 'cashier@a.test')
    assert.notInclude(two.text, 'cashier-of-b@b.test')

    const bOnly = await session.get(`/staff/${bOnlyStaffId}/edit`)
    assert.equal(bOnly.status, 404)
    assert.notInclude(bOnly.text, 'support-of-b@b.test')

    const list = await session.get('/staff/data?draw=1&length=100')
    assert.equal(list.status, 200)
    assert.notInclude(list.text, 'of-b@b.test')

    // Writing to an id only B has changes nothing in B.
    const write = await session.submit(
      '/staff/2/edit',
      `/staff/${bOnlyStaffId}`,
      { fullName: 'Hijacked', email: 'hijack@a.test', status: 'disabled' },
      'PUT'
    )
    assert.equal(write.status, 404)
    await tenancy.run(b, async () => {
      const untouched = await User.findOrFail(bOnlyStaffId)
      assert.equal(untouched.fullName, 'support person')
      assert.equal(untouched.status, 'active')
    })
  })

  test("the same e-mail logs in to each tenant with that tenant's own account", async ({
    assert,
  }) => {
    const intoA = await loginOver(hostOf(a), sharedEmail)
    const intoB = await loginOver(hostOf(b), sharedEmail)
    assert.equal(intoA.response.location, '/')
    assert.equal(intoB.response.location, '/')
    const pageB = await intoB.session.get('/dashboard')
    assert.include(pageB.text, b.name)
    assert.notInclude(pageB.text, a.name)
  })
})
