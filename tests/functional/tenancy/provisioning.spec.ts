import { test } from '@japa/runner'
import { access } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import tenancy from '#tenancy/main'
import Tenant from '#models/central/tenant'
import Domain from '#models/central/domain'
import Role from '#models/tenant/role'
import User from '#models/tenant/user'
import { TenantRole } from '#enums/tenant_role'
import { PROVISIONING_STEPS } from '#services/tenant_provisioning_service'
import { createTenant, hostOf, TEST_PASSWORD, uniqueSlug } from '#tests/helpers/tenants'
import { fakeCpanel } from '#tests/helpers/cpanel'

test.group('Tenant provisioning (driver: ' + (process.env.TENANCY_DRIVER ?? 'sqlite') + ')', () => {
  test('creates the database, tables, default roles, Owner and an active tenant', async ({
    assert,
  }) => {
    const { run, tenant } = await createTenant()
    assert.equal(run.status, 'done')
    assert.equal(run.progress, 100)
    assert.isNotNull(tenant)
    assert.equal(tenant!.status, 'active')

    const driver = await tenancy.driver(tenant!.dbDriver)
    assert.isTrue(await driver.exists(tenancy.placementOf(tenant!)))

    const domains = await Domain.query().where('tenant_id', tenant!.id)
    assert.deepEqual(
      domains.map((domain) => domain.host),
      [hostOf(tenant!)]
    )
    assert.isNotNull(domains[0].verifiedAt)

    await tenancy.run(tenant!, async () => {
      const roles = (await Role.all()).map((role) => role.slug).sort()
      assert.deepEqual(roles, Object.values(TenantRole).sort())
      const owner = await User.verifyCredentials(tenant!.email, TEST_PASSWORD)
      await owner.load('role')
      assert.equal(owner.role.slug, TenantRole.Owner)
    })

    const cpanel = fakeCpanel()
    if (cpanel) {
      assert.isTrue(cpanel.state.databases.has(tenant!.dbName))
      assert.isTrue(cpanel.state.users.has(tenant!.dbUser!))
      assert.isTrue(cpanel.state.subdomains.has(hostOf(tenant!)))
    }
  })

  for (const [failingStep] of PROVISIONING_STEPS) {
    test('a failure at step "{step}" leaves no trace')
      .with([{ step: failingStep }])
      .run(async ({ assert }, { step }) => {
        const slug = uniqueSlug('rb')
        let placement: ReturnType<typeof tenancy.placementOf> | undefined
        const { run, tenant } = await createTenant({
          slug,
          beforeStep: (current, reserved) => {
            placement = tenancy.placementOf(reserved)
            if (current === step)
              throw Object.assign(new Error(`injected failure at ${current}`), {
                code: 'E_INJECTED',
              })
          },
        })

        assert.equal(run.status, 'failed')
        assert.equal(run.error, `${step}: E_INJECTED`)
        assert.isNull(run.tenantId)
        assert.isNull(tenant)
        assert.isNull(await Tenant.findBy('slug', slug))
        assert.lengthOf(await Domain.query().where('host', hostOf(slug)), 0)

        const driver = await tenancy.driver()
        assert.isFalse(await driver.exists(placement!))
        if (placement!.driver === 'sqlite') {
          await assert.rejects(() =>
            access(
              app.makePath(
                env.get('TENANT_SQLITE_DIR', 'tmp/test/tenants'),
                `${placement!.dbName}.sqlite`
              )
            )
          )
        }
        const cpanel = fakeCpanel()
        if (cpanel) {
          assert.isFalse(cpanel.state.databases.has(placement!.dbName))
          assert.isFalse(cpanel.state.users.has(placement!.dbUser!))
          assert.isFalse(cpanel.state.subdomains.has(hostOf(slug)))
        }

        // The name is free again: the same subdomain can be signed up at once.
        const retry = await createTenant({ slug })
        assert.equal(retry.run.status, 'done')
      })
  }

  test('cPanel: a UAPI failure part-way removes what was created', async ({ assert }) => {
    const cpanel = fakeCpanel()
    if (!cpanel) return
    for (const failing of [
      'Mysql/create_user',
      'Mysql/set_privileges_on_database',
      'SubDomain/addsubdomain',
    ]) {
      cpanel.failOn = (fn) => fn === failing
      const slug = uniqueSlug('cp')
      const { run } = await createTenant({ slug })
      cpanel.failOn = undefined
      assert.equal(run.status, 'failed', failing)
      assert.deepEqual(
        [...cpanel.state.databases].filter((name) => name.includes(slug.replace(/-/g, '_'))),
        [],
        failing
      )
      assert.deepEqual(
        [...cpanel.state.users.keys()].filter((name) => name.includes(slug.replace(/-/g, '_'))),
        [],
        failing
      )
      assert.isFalse(cpanel.state.subdomains.has(hostOf(slug)), failing)
      assert.isNull(await Tenant.findBy('slug', slug))
    }
  })

  test('several sign-ups provisioned at the same time all succeed', async ({ assert }) => {
    const results = await Promise.all(Array.from({ length: 4 }, () => createTenant()))
    assert.deepEqual(
      results.map(({ run }) => run.status),
      ['done', 'done', 'done', 'done']
    )
  })

  test('an existing database is never adopted nor dropped', async ({ assert }) => {
    const { tenant } = await createTenant()
    // Forge a second reservation that would land on the same database name.
    const driver = await tenancy.driver(tenant!.dbDriver)
    await assert.rejects(() => driver.create(tenancy.placementOf(tenant!), tenant!))
    assert.isTrue(await driver.exists(tenancy.placementOf(tenant!)))
  })

  test('tenant:migrate style re-run is a no-op and backup writes a file', async ({ assert }) => {
    const { tenant } = await createTenant()
    assert.deepEqual(await tenancy.migrate(tenant!), [])
    const file = await tenancy.backup(tenant!)
    await access(file)
    assert.include(file, tenant!.dbName)
  })
})
