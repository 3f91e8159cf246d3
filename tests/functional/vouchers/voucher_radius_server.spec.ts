/*
 * "Done" means every voucher logs in: a batch is generated through its job (the queue runs it
 * inline in tests) while the real RADIUS server is running, and radclient logs in with its
 * vouchers the moment the batch reports done — including a code somebody tried before it
 * existed, which the server's profile cache must not remember as unknown.
 */
import { test } from '@japa/runner'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import VoucherBatch from '#models/tenant/voucher_batch'
import { VoucherBatchService } from '#services/voucher_batch_service'
import { VoucherCodeGenerator } from '#services/voucher_code_generator'
import { tenantFixture } from '#tests/helpers/tenants'
import {
  addNas,
  radclient,
  removeNas,
  startTestServer,
  V4,
  type TestServer,
} from '../radius_server/support.js'
import { createPackage } from '../catalogue/helpers.js'
import { batchInput, vouchersOf } from './helpers.js'

const SECRET = 'voucher-secret-1'

/** Codes 00001000, 00001001, … : the first one is known before the batch exists. */
class Counting extends VoucherCodeGenerator {
  #next = 1000
  next() {
    return String(this.#next++).padStart(8, '0')
  }
}

/** radclient input: one PAP Access-Request per voucher, packets separated by blank lines. */
function logins(vouchers: { code: string; password: string }[]) {
  return vouchers
    .map(
      (v) =>
        `User-Name = "${v.code}"\nUser-Password = "${v.password}"\nService-Type = Login-User\nMessage-Authenticator = 0x00\n`
    )
    .join('\n')
}

test.group('Vouchers through the RADIUS server', (group) => {
  let tenant: Tenant
  let server: TestServer
  const nasIds: number[] = []
  const auth = () => ({ address: V4, port: server.port('auth') })

  group.setup(async () => {
    tenant = await tenantFixture()
    nasIds.push((await addNas(tenant, { ipAddress: V4, secret: SECRET })).id)
    server = await startTestServer({})
    return async () => {
      await server.stop()
      await removeNas(nasIds)
    }
  })

  test('the moment the batch says done, its vouchers (first, last, a sample) are accepted by radclient', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant, {
      validityUnit: 'hours',
      validityValue: 2,
      validityStart: 'first_login',
    })
    // Tried before it exists: refused, and (from the second try) cached as unknown.
    for (let attempt = 0; attempt < 3; attempt++) {
      const early = await radclient(
        auth(),
        'auth',
        SECRET,
        logins([{ code: '00001000', password: '00001000' }])
      )
      assert.equal(early.received[0]?.type, 'Access-Reject', early.output)
    }

    const input = batchInput(pkg.id, { quantity: 500, codeLength: 8, charset: 'numeric' })
    const batch = await tenancy.run(tenant, async () => {
      const created = await new VoucherBatchService().create(input, { id: null, name: 'T' })
      return new VoucherBatchService({ codesFor: () => new Counting('numeric', 8) }).generate(
        created.id
      )
    })
    assert.equal(batch.status, 'done')
    const vouchers = await vouchersOf(tenant, batch.id)
    // By code, not row order: on MariaDB two lanes insert chunks side by side.
    const triedEarly = vouchers.find((voucher) => voucher.code === '00001000')
    assert.exists(triedEarly)
    const sample = [
      triedEarly!,
      vouchers[vouchers.length - 1],
      ...vouchers.filter((_, i) => i % 25 === 7),
    ]
    const run = await radclient(auth(), 'auth', SECRET, logins(sample), { parallel: 10 })
    assert.lengthOf(run.received, sample.length, run.output)
    assert.isTrue(
      run.received.every((packet) => packet.type === 'Access-Accept'),
      run.output
    )
    // Session-Timeout is the 2 h that the first login started.
    const timeouts = run.received.map((packet) => Number(packet.attributes['Session-Timeout']))
    assert.isTrue(
      timeouts.every((seconds) => seconds <= 7200),
      `Session-Timeout: ${timeouts.join(', ')}\n${run.output}`
    )
  })

  test('a batch generated through its job logs in as soon as its status is done', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant)
    const started = await tenancy.run(tenant, () =>
      new VoucherBatchService().start(batchInput(pkg.id, { quantity: 200 }), {
        id: null,
        name: 'T',
      })
    )
    const batch = await tenancy.run(tenant, () => VoucherBatch.findOrFail(started.id))
    assert.equal(batch.status, 'done')
    assert.equal(batch.generated, 200)
    const vouchers = await vouchersOf(tenant, batch.id)
    const run = await radclient(auth(), 'auth', SECRET, logins([vouchers[199]]))
    assert.equal(run.received[0]?.type, 'Access-Accept', run.output)
  })
})
