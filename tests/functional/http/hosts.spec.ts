import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Domain from '#models/central/domain'
import Tenant from '#models/central/tenant'
import { TenantStatus } from '#enums/tenant_status'
import { hostOf, tenantFixture, uniqueSlug } from '#tests/helpers/tenants'

test.group('Host resolution', () => {
  test('an unknown host gets the 404 page', async ({ client }) => {
    const response = await client.get('/login').header('host', 'nobody-here.example.net')
    response.assertStatus(404)
    response.assertTextIncludes('nobody-here.example.net')
  })

  test('a tenant subdomain serves that tenant; the platform host serves the console', async ({
    client,
  }) => {
    const tenant = await tenantFixture()
    const tenantPage = await client.get('/login').header('host', hostOf(tenant))
    tenantPage.assertStatus(200)
    tenantPage.assertTextIncludes(tenant.name)

    const platformPage = await client.get('/signup').header('host', 'localhost')
    platformPage.assertStatus(200)
    // Sign-up exists only on the platform host.
    const onTenant = await client.get('/signup').header('host', hostOf(tenant))
    onTenant.assertStatus(404)
  })

  test('host names are matched case-insensitively and without the port', async ({ client }) => {
    const tenant = await tenantFixture()
    const response = await client
      .get('/login')
      .header('host', `${hostOf(tenant).toUpperCase()}:3334`)
    response.assertStatus(200)
  })

  test('a suspended tenant shows a page that says so; one being provisioned asks to wait', async ({
    client,
  }) => {
    const tenant = await tenantFixture()
    await tenant
      .merge({
        status: TenantStatus.Suspended,
        suspendedReason: 'unpaid',
        suspendedAt: DateTime.now(),
      })
      .save()
    const suspended = await client.get('/login').header('host', hostOf(tenant))
    suspended.assertStatus(403)
    suspended.assertTextIncludes(tenant.name)

    await tenant.merge({ status: TenantStatus.Provisioning }).save()
    const provisioning = await client.get('/login').header('host', hostOf(tenant))
    provisioning.assertStatus(503)
  })

  test('a custom domain serves only once its CNAME is verified', async ({ client }) => {
    const tenant = await tenantFixture()
    const host = `${uniqueSlug('wifi')}.example.org`
    const domain = await Domain.create({
      tenantId: tenant.id,
      host,
      kind: 'custom',
      isPrimary: true,
    })
    ;(await client.get('/login').header('host', host)).assertStatus(404)
    ;(await client.get('/internal/tls-ask').qs({ domain: host })).assertStatus(404)

    await domain.merge({ verifiedAt: DateTime.now() }).save()
    ;(await client.get('/login').header('host', host)).assertStatus(200)
    ;(await client.get('/internal/tls-ask').qs({ domain: host })).assertStatus(200)
  })

  test('the TLS ask hook answers 200 only for our hosts', async ({ client }) => {
    const tenant = await tenantFixture()
    ;(await client.get('/internal/tls-ask').qs({ domain: hostOf(tenant) })).assertStatus(200)
    ;(await client.get('/internal/tls-ask').qs({ domain: 'localhost' })).assertStatus(200)
    ;(await client.get('/internal/tls-ask').qs({ domain: 'evil.example.com' })).assertStatus(404)
    ;(await client.get('/internal/tls-ask').qs({ domain: 'ghost.localhost' })).assertStatus(404)
    ;(await client.get('/internal/tls-ask')).assertStatus(404)
    // Asked on an unknown host (the proxy may call it by IP), it still answers.
    ;(
      await client
        .get('/internal/tls-ask')
        .header('host', '10.0.0.1')
        .qs({ domain: hostOf(tenant) })
    ).assertStatus(200)
    await Tenant.query().where('id', tenant.id).delete()
  })
})
