import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/central/tenant'
import { TenancyManager } from '#tenancy/tenancy_manager'
import type { TenancyConfig } from '#tenancy/types'
import { tenantFixture } from '#tests/helpers/tenants'

/*
 * A platform of many tenants must not hold a connection pool to each of them: beyond
 * maxOpenConnections the least recently used pool nobody is using is closed, and reopened on
 * the next use.
 */
test.group('Tenant connections: at most maxOpenConnections open', (group) => {
  let tenants: Tenant[]
  group.setup(async () => {
    tenants = []
    for (let i = 0; i < 4; i++) tenants.push(await tenantFixture())
  })

  const limited = () =>
    new TenancyManager({ ...app.config.get<TenancyConfig>('tenancy'), maxOpenConnections: 2 })
  const isOpen = (manager: TenancyManager, tenant: Tenant) =>
    db.manager.has(manager.connectionName(tenant))
  const count = (manager: TenancyManager, tenant: Tenant) =>
    manager.run(tenant, async () => {
      const rows = await db.connection(manager.connectionName(tenant)).from('roles').count('* as n')
      return Number(rows[0].n)
    })

  test('the least recently used idle connection closes, and reopens when used', async ({
    assert,
  }) => {
    const manager = limited()
    const [a, b, c] = tenants
    await count(manager, a)
    await count(manager, b)
    await count(manager, a)
    await count(manager, c)
    assert.isFalse(isOpen(manager, b), 'b was the least recently used')
    assert.isTrue(isOpen(manager, a))
    assert.isTrue(isOpen(manager, c))
    assert.isAbove(await count(manager, b), 0, 'b reopens on its next use')
    assert.isFalse(isOpen(manager, a))
  })

  test('a connection in use is never closed, however many others open meanwhile', async ({
    assert,
  }) => {
    const manager = limited()
    const [a, b, c, d] = tenants
    await manager.run(a, async () => {
      for (const other of [b, c, d]) await count(manager, other)
      assert.isTrue(isOpen(manager, a))
      const rows = await db.connection(manager.connectionName(a)).from('roles').count('* as n')
      assert.isAbove(Number(rows[0].n), 0)
    })
  })
})
