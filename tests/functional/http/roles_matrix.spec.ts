import { test } from '@japa/runner'
import { TenantRole } from '#enums/tenant_role'
import { PlatformRole } from '#enums/platform_role'
import { TENANT_PERMISSIONS, PLATFORM_PERMISSIONS } from '#abilities/permissions'
import { hostOf, platformUser, tenantFixture, userIn, ownerOf } from '#tests/helpers/tenants'
import Tenant from '#models/central/tenant'
import { loginOver } from '#tests/helpers/http'

/**
 * For every role: one representative action it may take and one it may not, over HTTP, each
 * derived from the permission catalogue so the matrix in the README and this test cannot drift.
 */
const TENANT_PAGES = [
  { path: '/dashboard', permission: 'dashboard.view' },
  { path: '/staff', permission: 'staff.manage' },
  { path: '/settings', permission: 'settings.manage' },
  { path: '/portal', permission: 'portal.self' },
] as const

test.group('Roles and permissions matrix', (group) => {
  let tenant: Tenant
  group.setup(async () => {
    tenant = await tenantFixture()
  })

  test('tenant role {role}: allowed and refused pages follow the catalogue')
    .with(Object.values(TenantRole).map((role) => ({ role })))
    .run(async ({ client, assert }, { role }) => {
      const user = role === TenantRole.Owner ? await ownerOf(tenant) : await userIn(tenant, role)
      let allowed = 0
      let refused = 0
      for (const page of TENANT_PAGES) {
        const may = (TENANT_PERMISSIONS[page.permission] as readonly string[]).includes(role)
        const response = await client.get(page.path).header('host', hostOf(tenant)).loginAs(user)
        response.assertStatus(may ? 200 : 403)
        may ? allowed++ : refused++
      }
      assert.isAbove(allowed, 0, `${role} has an allowed page`)
      assert.isAbove(refused, 0, `${role} has a refused page`)
    })

  test('platform role {role}: may list tenants; suspending follows the catalogue')
    .with(Object.values(PlatformRole).map((role) => ({ role })))
    .run(async ({ client, assert }, { role }) => {
      const staff = await platformUser(role)
      const list = await client
        .get('/platform/tenants')
        .header('host', 'localhost')
        .withGuard('platform')
        .loginAs(staff)
      list.assertStatus(200)
      const may = (PLATFORM_PERMISSIONS['tenants.suspend'] as readonly string[]).includes(role)
      const { session } = await loginOver('localhost', staff.email)
      const action = `/platform/tenants/${tenant.id}/${may ? 'unsuspend' : 'suspend'}`
      const suspend = await session.submit('/platform/tenants', action, { reason: 'matrix test' })
      // A refused form post is sent back with an error flash (bouncer's HTML behaviour), not obeyed.
      assert.equal(suspend.status, 302)
      if (may) assert.equal(suspend.location, `/platform/tenants/${tenant.id}`)
      else assert.notEqual(suspend.location, `/platform/tenants/${tenant.id}`)
      assert.equal((await Tenant.findOrFail(tenant.id)).status, 'active')
      // Platform staff hold no tenant permissions: a tenant's dashboard never opens for them.
      const tenantSide = await client
        .get('/dashboard')
        .header('host', hostOf(tenant))
        .withGuard('platform')
        .loginAs(staff)
        .redirects(0)
      tenantSide.assertStatus(302)
      tenantSide.assertHeader('location', '/login')
    })
})
