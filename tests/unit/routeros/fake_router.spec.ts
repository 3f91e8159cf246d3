import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import {
  FakeRouterOsServer,
  type FakeRouterOsOptions,
} from '#tests/fakes/routeros/fake_routeros_server'
import { RawRouterOsClient } from '#tests/fakes/routeros/raw_routeros_client'

/** A fake router and a raw connection to it, closed after the test. */
async function rawSession(
  cleanup: (fn: () => Promise<void> | void) => void,
  options: FakeRouterOsOptions = {}
) {
  const fake = await FakeRouterOsServer.start(options)
  const raw = await RawRouterOsClient.connect(fake.port)
  cleanup(async () => {
    raw.close()
    await fake.close()
  })
  return { fake, raw }
}

test.group('Fake RouterOS / login (§4.5)', () => {
  test('6.43+: right password → !done, wrong → !trap (6) then !done', async ({
    assert,
    cleanup,
  }) => {
    const { raw } = await rawSession(cleanup)
    assert.deepEqual(await raw.login('admin', 'wrong'), [
      ['!trap', '=message=invalid user name or password (6)', '.tag=login'],
    ])
    assert.deepEqual(await raw.read(1), [['!done', '.tag=login']])
    assert.deepEqual(await raw.exchange(['/ip/hotspot/user/print', '.tag=p'], 2), [
      ['!trap', '=message=not logged in', '=category=5', '.tag=p'],
      ['!done', '.tag=p'],
    ])
    assert.deepEqual(await raw.login(), [['!done', '.tag=login']])
  })

  test('pre-6.43: challenge, then the MD5 response', async ({ assert, cleanup }) => {
    const { raw, fake } = await rawSession(cleanup, { challengeLogin: true })
    const [[word, ret, tag]] = await raw.exchange(['/login', '.tag=c1'], 1)
    assert.deepEqual([word, tag], ['!done', '.tag=c1'])
    const challenge = Buffer.from(ret.replace('=ret=', ''), 'hex')
    assert.lengthOf(challenge, 16)
    const digest = createHash('md5')
      .update(Buffer.concat([Buffer.from([0]), Buffer.from('secret'), challenge]))
      .digest('hex')
    assert.deepEqual(
      await raw.exchange(['/login', '=name=admin', `=response=00${digest}`, '.tag=c2'], 1),
      [['!done', '.tag=c2']]
    )
    assert.equal(fake.logins, 1)
  })
})

test.group('Fake RouterOS / replies and tags (§4.3, §4.4)', () => {
  test('add returns =ret=; print honours ?user= and .proplist; tags come last', async ({
    assert,
    cleanup,
  }) => {
    const { raw, fake } = await rawSession(cleanup)
    await raw.login()
    assert.deepEqual(
      await raw.exchange(['/ip/hotspot/user/add', '=name=V8K2Q', '=password=4821', '.tag=t1'], 1),
      [['!done', '=ret=*1', '.tag=t1']]
    )
    fake.injectHotspotSession({ 'user': 'V8K2Q', 'uptime': '12m3s', 'bytes-in': '123456' })
    fake.injectHotspotSession({ user: 'OTHER' })
    const replies = await raw.exchange(
      ['/ip/hotspot/active/print', '=.proplist=.id,user,uptime', '?user=V8K2Q', '.tag=t2'],
      2
    )
    assert.deepEqual(replies, [
      ['!re', '=.id=*2', '=user=V8K2Q', '=uptime=12m3s', '.tag=t2'],
      ['!done', '.tag=t2'],
    ])
    assert.deepEqual(
      await raw.exchange(['/ip/hotspot/active/print', '=count-only=', '.tag=t3'], 1),
      [['!done', '=ret=2', '.tag=t3']]
    )
  })

  test('a duplicate name traps, then !done', async ({ assert, cleanup }) => {
    const { raw } = await rawSession(cleanup)
    await raw.login()
    await raw.exchange(['/ppp/secret/add', '=name=budi', '.tag=a'], 1)
    assert.deepEqual(await raw.exchange(['/ppp/secret/add', '=name=budi', '.tag=b'], 2), [
      ['!trap', '=message=failure: secret with the same name already exists', '.tag=b'],
      ['!done', '.tag=b'],
    ])
    assert.deepEqual(await raw.exchange(['/ppp/active/remove', '=.id=*99', '.tag=c'], 2), [
      ['!trap', '=message=no such item', '=category=0', '.tag=c'],
      ['!done', '.tag=c'],
    ])
  })

  test('an empty print: !empty then !done from 7.18, only !done before', async ({
    assert,
    cleanup,
  }) => {
    for (const [version, expected] of [
      [
        '7.18.2 (stable)',
        [
          ['!empty', '.tag=e'],
          ['!done', '.tag=e'],
        ],
      ],
      ['7.16.2 (stable)', [['!done', '.tag=e']]],
    ] as const) {
      const { raw } = await rawSession(cleanup, { version })
      await raw.login()
      assert.deepEqual(
        await raw.exchange(['/ip/hotspot/active/print', '?user=nobody', '.tag=e'], expected.length),
        expected.map((sentence) => [...sentence])
      )
    }
  })

  test('keepalive #, monitor-traffic until /cancel, /quit ends with !fatal', async ({
    assert,
    cleanup,
  }) => {
    const { raw } = await rawSession(cleanup)
    await raw.login()
    assert.deepEqual(await raw.exchange(['#', '.tag=k'], 1), [['!done', '.tag=k']])
    const once = await raw.exchange(
      ['/interface/monitor-traffic', '=interface=ether1', '=once=', '.tag=m1'],
      2
    )
    assert.equal(once[0][0], '!re')
    assert.include(once[0], '=rx-bits-per-second=12000000')
    assert.deepEqual(once[1], ['!done', '.tag=m1'])

    raw.send(['/interface/monitor-traffic', '=interface=ether1,ether2', '.tag=m2'])
    const streamed = await raw.read(4, 2000)
    assert.deepEqual(
      streamed.map((sentence) => sentence.at(-1)),
      Array(4).fill('.tag=m2')
    )
    // A tick may still be on its way: skip its rows.
    const cancelled = await raw.exchange(['/cancel', '=tag=m2', '.tag=x'], 5, 600)
    assert.deepEqual(
      cancelled.filter((sentence) => sentence[0] !== '!re'),
      [
        ['!trap', '=message=interrupted', '=category=2', '.tag=m2'],
        ['!done', '.tag=m2'],
        ['!done', '.tag=x'],
      ]
    )
    assert.deepEqual(await raw.exchange(['/quit', '.tag=q'], 1), [
      ['!fatal', 'session terminated on request'],
    ])
    await raw.read(1)
    assert.isTrue(raw.closed)
  })
})

test.group('Fake RouterOS / hostile behaviours', () => {
  test('silent: accepts TCP, reads, never answers', async ({ assert, cleanup }) => {
    const { raw, fake } = await rawSession(cleanup, { behaviour: 'silent' })
    assert.deepEqual(await raw.login(), [])
    assert.isFalse(raw.closed)
    assert.equal(fake.received.length, 1)
  })

  test('stall: answers the login, then nothing', async ({ assert, cleanup }) => {
    const { raw } = await rawSession(cleanup, { behaviour: 'stall' })
    assert.deepEqual(await raw.login(), [['!done', '.tag=login']])
    assert.deepEqual(await raw.exchange(['/system/resource/print', '.tag=r'], 1, 300), [])
  })

  test('cut-reply: half a reply, then the connection closes', async ({ assert, cleanup }) => {
    const { raw } = await rawSession(cleanup, { behaviour: 'cut-reply' })
    await raw.login()
    const before = raw.receivedBytes
    assert.deepEqual(await raw.exchange(['/system/resource/print', '.tag=r'], 2), [])
    assert.isTrue(raw.closed)
    assert.isAbove(raw.receivedBytes, before)
  })
})
