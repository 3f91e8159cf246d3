/*
 * The per-packet statements run on the tenant's Lucid pool and keep a connection between them
 * (connection_lease.ts): the pool's own users (Lucid) still get it at once.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import tenancy from '#tenancy/main'
import { driverQuery, driverWrite } from '#radius/sql/driver_sql'
import { tenantFixture } from '#tests/helpers/tenants'

/** The tarn pool under a Lucid connection. */
function tarnOf(connectionName: string): { numUsed(): number; numFree(): number } {
  const connection = db.manager.get(connectionName)?.connection as any
  return connection.client.client.pool
}

test.group('RADIUS driver statements', () => {
  test('keep their connection between statements and hand it to Lucid when it asks', async ({
    assert,
  }) => {
    const tenant = await tenantFixture()
    const name = tenancy.connectionName(tenant)
    const written = await driverWrite(
      name,
      'INSERT INTO radpostauth (username, reply, authdate, reason) VALUES (?, ?, ?, ?)',
      ['lease-user', 'Access-Reject', '2026-11-26 10:00:00', 'lease test']
    )
    assert.equal(written, 1)
    const rows = await driverQuery<{ username: string }>(
      name,
      'SELECT username FROM radpostauth WHERE reason = ?',
      ['lease test']
    )
    assert.deepEqual(
      rows.map((row) => row.username),
      ['lease-user']
    )
    // Kept for the next statement: still taken from the pool's point of view.
    assert.equal(tarnOf(name).numUsed(), 1)

    const lucid = await db.connection(name).from('radpostauth').where('reason', 'lease test')
    assert.lengthOf(lucid, 1)
    assert.equal(tarnOf(name).numUsed(), 0)
  })
})
