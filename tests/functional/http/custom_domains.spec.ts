import { test } from '@japa/runner'
import { Resolver } from 'node:dns/promises'
import Domain from '#models/central/domain'
import { TenantRole } from '#enums/tenant_role'
import { DomainVerificationService } from '#services/domain_verification_service'
import { FakeDnsServer } from '#tests/fakes/dns/fake_dns_server'
import { hostOf, ownerOf, tenantFixture, uniqueSlug, userIn } from '#tests/helpers/tenants'
import { loginOver } from '#tests/helpers/http'

test.group('Custom domains (CNAME verification)', (group) => {
  const dns = new FakeDnsServer()
  let resolver: Resolver
  group.setup(async () => {
    resolver = new Resolver({ timeout: 1000, tries: 1 })
    resolver.setServers([await dns.start()])
    return () => dns.close()
  })

  test('verified only while the CNAME points at the platform', async ({ assert, client }) => {
    const tenant = await tenantFixture()
    const host = `${uniqueSlug('net')}.example.org`
    const domain = await Domain.create({
      tenantId: tenant.id,
      host,
      kind: 'custom',
      isPrimary: false,
    })
    const service = new DomainVerificationService(resolver, 'localhost')

    assert.isFalse(await service.verify(domain))
    assert.include(domain.lastCheckError!, 'CNAME lookup failed')

    dns.records.set(host, 'elsewhere.example.com')
    assert.isFalse(await service.verify(domain))
    assert.include(domain.lastCheckError!, 'elsewhere.example.com')
    ;(await client.get('/login').header('host', host)).assertStatus(404)

    dns.records.set(host, 'localhost')
    assert.isTrue(await service.verify(domain))
    assert.isNotNull(domain.verifiedAt)
    assert.isNull(domain.lastCheckError)
    ;(await client.get('/login').header('host', host)).assertStatus(200)

    // The CNAME is removed later: the next check stops the domain from serving.
    dns.records.delete(host)
    const result = await service.verifyAll()
    assert.isAtLeast(result.checked, 1)
    await domain.refresh()
    assert.isNull(domain.verifiedAt)
    ;(await client.get('/login').header('host', host)).assertStatus(404)
  })

  test("the Owner adds and removes custom domains; others cannot; another tenant's domain id is not found", async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const other = await tenantFixture()
    const foreign = await Domain.create({
      tenantId: other.id,
      host: `${uniqueSlug('x')}.example.net`,
      kind: 'custom',
      isPrimary: false,
    })
    const owner = await ownerOf(tenant)
    const { session } = await loginOver(hostOf(tenant), owner.email)

    const host = `${uniqueSlug('hotspot')}.example.id`
    const added = await session.submit('/settings', '/settings/domains', { host })
    assert.equal(added.status, 302)
    const domain = await Domain.findByOrFail('host', host)
    assert.equal(domain.tenantId, tenant.id)
    assert.isNull(domain.verifiedAt)

    // Taken, or under the platform domain: refused.
    await session.submit('/settings', '/settings/domains', { host })
    await session.submit('/settings', '/settings/domains', { host: 'shop.localhost' })
    assert.lengthOf(await Domain.query().where('host', 'shop.localhost'), 0)
    assert.lengthOf(await Domain.query().where('host', host), 1)

    assert.equal(
      (await session.submit('/settings', `/settings/domains/${foreign.id}`, {}, 'DELETE')).status,
      404
    )
    assert.isNotNull(await Domain.find(foreign.id))

    const cashier = await userIn(tenant, TenantRole.Cashier)
    const asCashier = (await loginOver(hostOf(tenant), cashier.email)).session
    assert.equal(
      (await asCashier.submit('/dashboard', '/settings/domains', { host: 'x.example.com' })).status,
      302
    )
    assert.lengthOf(await Domain.query().where('host', 'x.example.com'), 0)

    await session.submit('/settings', `/settings/domains/${domain.id}`, {}, 'DELETE')
    assert.isNull(await Domain.find(domain.id))
  })
})
