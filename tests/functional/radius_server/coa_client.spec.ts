/*
 * The CoA / Disconnect client (RFC 5176) against a fake NAS listener on loopback: what is sent,
 * ACK and NAK with Error-Cause, retransmission on silence, forged answers ignored, Identifiers
 * never shared by outstanding requests, every exchange in the tenant's coa_log.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type Tenant from '#models/central/tenant'
import tenancy from '#tenancy/main'
import { CoaClient } from '#radius/coa/coa_client'
import { stringAttribute } from '#radius/codec/index'
import type { NasEntry, SessionRef } from '#radius/types'
import { tenantFixture } from '#tests/helpers/tenants'
import { FakeCoaListener } from '#tests/fakes/nas/fake_coa_listener'
import { addNas, removeNas, V4 } from './support.js'

const SECRET = 'coa-secret-5'

test.group('CoA client against a fake NAS listener', (group) => {
  let tenant: Tenant
  let listener: FakeCoaListener
  let nas: NasEntry
  let client: CoaClient
  const session = (acctSessionId: string): SessionRef => ({
    nas,
    username: 'bob',
    acctSessionId,
    framedIpAddress: '10.5.0.9',
  })
  const logRows = (acctSessionId: string) =>
    tenancy.run(tenant, () =>
      db
        .connection(tenancy.connectionName(tenant))
        .from('coa_log')
        .where('acct_session_id', acctSessionId)
    )

  group.setup(async () => {
    tenant = await tenantFixture()
    listener = await FakeCoaListener.start(SECRET)
    const row = await addNas(tenant, { ipAddress: V4, secret: SECRET, coaPort: listener.port })
    nas = {
      id: row.id,
      tenantId: tenant.id,
      name: row.name,
      type: 'mikrotik',
      ipAddress: V4,
      identifier: null,
      secret: SECRET,
      coaPort: listener.port,
      requireMessageAuthenticator: true,
    }
    client = new CoaClient({ timeoutMs: 200, tries: 3 })
    return async () => {
      await client.close()
      await listener.close()
      await removeNas([row.id])
    }
  })

  group.each.setup(() => {
    listener.script = []
    listener.fallback = 'ack'
    listener.delayMs = 0
  })

  test('disconnect: session identified as RouterOS needs it, signed, ACK logged', async ({
    assert,
  }) => {
    const result = await client.disconnect(session('s-1'), { actor: 'staff:7' })
    assert.deepEqual(result, { acknowledged: true })
    const { packet } = listener.received.at(-1)!
    assert.equal(packet.code, 40)
    assert.isTrue(packet.hasMessageAuthenticator)
    assert.equal(stringAttribute(packet.attributes, 'User-Name'), 'bob')
    assert.equal(stringAttribute(packet.attributes, 'Acct-Session-Id'), 's-1')
    assert.equal(stringAttribute(packet.attributes, 'Framed-IP-Address'), '10.5.0.9')
    assert.equal(stringAttribute(packet.attributes, 'NAS-IP-Address'), V4)
    const [row] = await logRows('s-1')
    assert.include(row, { action: 'disconnect', result: 'ack', actor: 'staff:7', username: 'bob' })
    assert.equal(Number(row.attempts), 1)
  })

  test('changeAuthorization carries the new Mikrotik-Rate-Limit', async ({ assert }) => {
    const attributes = [['Vendor-Specific', 14988, [['Mikrotik-Rate-Limit', '1M/2M']]]] as const
    const result = await client.changeAuthorization(session('s-2'), [...attributes], {
      actor: 'fup',
    })
    assert.isTrue(result.acknowledged)
    const { packet } = listener.received.at(-1)!
    assert.equal(packet.code, 43)
    assert.equal(stringAttribute(packet.vendorAttributes, 'Mikrotik-Rate-Limit'), '1M/2M')
    const [row] = await logRows('s-2')
    assert.equal(row.action, 'coa')
    assert.include(String(row.attributes), '1M/2M')
  })

  test('a NAK with Error-Cause is reported and recorded', async ({ assert }) => {
    listener.script = ['nak']
    listener.errorCause = 503 // Session-Context-Not-Found
    const result = await client.disconnect(session('s-3'))
    assert.deepEqual(result, { acknowledged: false, errorCause: 503 })
    const [row] = await logRows('s-3')
    assert.equal(row.result, 'nak')
    assert.equal(Number(row.error_cause), 503)
  })

  test('silence is retried with the same bytes; the answer to a retry counts', async ({
    assert,
  }) => {
    listener.script = ['silent', 'silent', 'ack']
    const before = listener.received.length
    const result = await client.disconnect(session('s-4'))
    assert.isTrue(result.acknowledged)
    const sent = listener.received.slice(before)
    assert.lengthOf(sent, 3)
    assert.isTrue(sent[1].bytes.equals(sent[0].bytes) && sent[2].bytes.equals(sent[0].bytes))
    assert.equal(Number((await logRows('s-4'))[0].attempts), 3)
  })

  test('no answer after every try: timed out, recorded', async ({ assert }) => {
    listener.fallback = 'silent'
    const started = Date.now()
    const result = await client.disconnect(session('s-5'))
    assert.deepEqual(result, { acknowledged: false, timedOut: true })
    assert.isBelow(Date.now() - started, 1000)
    assert.equal((await logRows('s-5'))[0].result, 'timeout')
  })

  test('a forged answer is ignored, the genuine one accepted', async ({ assert }) => {
    listener.script = ['forged-then-ack']
    assert.isTrue((await client.disconnect(session('s-6'))).acknowledged)
  })

  test('300 concurrent requests: no two outstanding share an Identifier, all answered', async ({
    assert,
  }) => {
    const quiet = new CoaClient({ timeoutMs: 2000, tries: 2, log: null })
    listener.delayMs = 30
    const before = listener.received.length
    try {
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) => quiet.disconnect(session(`c-${i}`)))
      )
      assert.isTrue(results.every((result) => result.acknowledged))
    } finally {
      await quiet.close()
    }
    const received = listener.received.slice(before)
    assert.lengthOf(received, 300)
    assert.isTrue(received.every((request) => request.overlapping === 0))
  })
})
