import { test } from '@japa/runner'
import { rejection, routerFixture } from './helpers.js'

test.group('RouterOS client / menus', () => {
  test('hotspot user: add → print → set → disable → remove', async ({ assert, cleanup }) => {
    const { client, fake } = await routerFixture(cleanup)
    const id = await client.add('/ip/hotspot/user', {
      'name': 'V8K2Q',
      'password': '4821',
      'profile': 'default',
      'limit-uptime': '1h',
      'comment': undefined,
    })
    assert.equal(id, '*1')
    const [row] = await client.print('/ip/hotspot/user', {
      where: { name: 'V8K2Q' },
      proplist: ['.id', 'name', 'limit-uptime'],
    })
    assert.deepEqual(row, { '.id': '*1', 'name': 'V8K2Q', 'limit-uptime': '1h' })
    await client.set('/ip/hotspot/user', id, { 'limit-uptime': '2h' })
    await client.setDisabled('/ip/hotspot/user', id, true)
    assert.include(fake.menu('/ip/hotspot/user').items[0], {
      'limit-uptime': '2h',
      'disabled': 'true',
    })
    assert.equal(await client.count('/ip/hotspot/user'), 1)
    await client.remove('/ip/hotspot/user', id)
    assert.deepEqual(await client.print('/ip/hotspot/user'), [])
  })

  test('a duplicate name is E_ROUTER_TRAP with the router message', async ({ assert, cleanup }) => {
    const { client } = await routerFixture(cleanup)
    await client.add('/ip/hotspot/user', { name: 'V8K2Q' })
    const error = await rejection(client.add('/ip/hotspot/user', { name: 'V8K2Q' }))
    assert.equal(error.code, 'E_ROUTER_TRAP')
    assert.equal(error.message, 'failure: already have user with this name for this server')
    assert.isFalse(error.retryable)
    const missing = await rejection(client.remove('/ip/hotspot/active', '*99'))
    assert.deepEqual(
      [missing.code, missing.message, missing.category],
      ['E_ROUTER_TRAP', 'no such item', 0]
    )
  })

  test('RouterOS 7.18 !empty: a print with no match is [] and nothing throws', async ({
    assert,
    cleanup,
  }) => {
    const { client, fake } = await routerFixture(cleanup, { version: '7.18.2 (stable)' })
    assert.deepEqual(await client.print('/ip/hotspot/active', { where: { user: 'nobody' } }), [])
    assert.deepEqual(await client.print('/ppp/active'), [])
    fake.injectPppSession({ name: 'budi' })
    assert.lengthOf(await client.print('/ppp/active'), 1)
    assert.equal(fake.accepted, 1)
  })

  test('an unknown reply word fails that command only (E_ROUTER_PROTOCOL)', async ({
    assert,
    cleanup,
  }) => {
    const { client, fake } = await routerFixture(cleanup)
    fake.scriptReply('/system/resource/print', [['!surprise', '=x=1'], ['!done']])
    const error = await rejection(client.run('/system/resource/print'))
    assert.equal(error.code, 'E_ROUTER_PROTOCOL')
    assert.match(error.message, /!surprise/)
    assert.lengthOf(await client.run('/system/resource/print'), 1)
  })

  test('wrong password is E_ROUTER_AUTH, not retried', async ({ assert, cleanup }) => {
    const { client, fake } = await routerFixture(cleanup, {
      clientPassword: 'wrong',
      pool: { retries: 3 },
    })
    const error = await rejection(client.print('/ppp/secret'))
    assert.equal(error.code, 'E_ROUTER_AUTH')
    assert.equal(fake.accepted, 1)
  })

  test('pre-6.43 challenge login', async ({ assert, cleanup }) => {
    const { client, fake } = await routerFixture(cleanup, { challengeLogin: true })
    assert.deepEqual(await client.print('/ppp/profile', { proplist: ['name'] }), [
      { name: 'default' },
      { name: 'default-encryption' },
    ])
    assert.equal(fake.logins, 1)
  })
})

test.group('RouterOS client / connection reuse', () => {
  test('one connection and one login serve parallel and sequential calls', async ({
    assert,
    cleanup,
  }) => {
    const { client, fake, pool } = await routerFixture(cleanup)
    await Promise.all(
      Array.from({ length: 5 }, (_, index) => client.add('/ppp/secret', { name: `user${index}` }))
    )
    for (let index = 0; index < 5; index++) await client.print('/ppp/secret')
    assert.equal(await client.count('/ppp/secret'), 5)
    assert.deepEqual([fake.accepted, fake.logins, pool.size], [1, 1, 1])
  })

  test('an idle connection is closed, and the next call opens a new one', async ({
    assert,
    cleanup,
  }) => {
    const { client, fake, pool } = await routerFixture(cleanup, { pool: { idleMs: 50 } })
    await client.print('/ppp/secret')
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.deepEqual([pool.size, fake.openConnections], [0, 0])
    await client.print('/ppp/secret')
    assert.equal(fake.accepted, 2)
  })

  test('after !fatal the next call reconnects', async ({ assert, cleanup }) => {
    const { client, fake } = await routerFixture(cleanup)
    await client.print('/ppp/secret')
    fake.fatal('session terminated on request')
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.deepEqual(await client.print('/ppp/secret'), [])
    assert.equal(fake.accepted, 2)
  })
})
