import { test } from '@japa/runner'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import { VoucherBatchService } from '#services/voucher_batch_service'
import { VoucherCodeGenerator } from '#services/voucher_code_generator'
import { tenantFixture } from '#tests/helpers/tenants'
import { createCustomer, createPackage, customerInput } from '../catalogue/helpers.js'
import { batchInput, tenantTable } from './helpers.js'

/*
 * Two batches written at the same moment in one tenant, from a code space so small (4 digits:
 * 10,000 codes for 2 × 2,500 vouchers) that their draws collide all the time: the unique key
 * and the redraws must leave exactly the asked number in each, every code once, each with its
 * RADIUS rows.
 */
test.group('Concurrent voucher batches', (group) => {
  let tenant: Tenant
  group.setup(async () => {
    tenant = await tenantFixture()
  })

  test('two batches at once: no duplicate code, no lost voucher, no code of a customer', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant)
    // A customer whose username is a code both batches could draw: no voucher may take it.
    await createCustomer(tenant, customerInput(pkg.id, { username: '4242' }))
    const input = batchInput(pkg.id, { quantity: 2500, codeLength: 4, charset: 'numeric' })
    const service = new VoucherBatchService()
    const actor = { id: null, name: 'Test' }
    const [first, second] = await tenancy.run(tenant, async () => {
      const batches = [await service.create(input, actor), await service.create(input, actor)]
      // Two jobs, two services, started together: they interleave chunk by chunk.
      await Promise.all(batches.map((batch) => new VoucherBatchService().generate(batch.id)))
      return Promise.all(batches.map((batch) => batch.refresh()))
    })

    for (const batch of [first, second]) {
      assert.equal(batch.status, 'done')
      assert.equal(batch.generated, 2500)
      const [{ total }] = await tenantTable(tenant, 'vouchers')
        .where('batch_id', batch.id)
        .count('* as total')
      assert.equal(Number(total), 2500)
    }
    const codes = (await tenantTable(tenant, 'vouchers').select('code')).map((row) => row.code)
    assert.lengthOf(codes, 5000)
    assert.equal(new Set(codes).size, 5000)
    assert.notInclude(codes, '4242')
    assert.isTrue(codes.every((code) => /^\d{4}$/.test(code)))

    // Each voucher is exactly one RADIUS user of the package's group.
    const passwords = await tenantTable(tenant, 'radcheck')
      .where('attribute', 'Cleartext-Password')
      .whereIn('username', tenantTable(tenant, 'vouchers').select('code'))
      .count('* as total')
    assert.equal(Number(passwords[0].total), 5000)
    const members = await tenantTable(tenant, 'radusergroup')
      .where('groupname', pkg.groupName)
      .count('* as total')
    assert.equal(Number(members[0].total), 5001)
  })

  test('two batches drawing the same codes both complete: the loser of each race draws again', async ({
    assert,
  }) => {
    // A tenant of its own: the codes of the test above would fill most of the 4-digit space.
    const own = await tenantFixture()
    const pkg = await createPackage(own)
    // Both start at 5000 (one by steps of 1, one by 7): their first chunks share codes for sure.
    class Sequence extends VoucherCodeGenerator {
      #next = 5000
      constructor(readonly step: number) {
        super('numeric', 4)
      }
      next() {
        const code = String(this.#next % 10_000).padStart(4, '0')
        this.#next += this.step
        return code
      }
    }
    const input = batchInput(pkg.id, { quantity: 1000, codeLength: 4, charset: 'numeric' })
    const batches = await tenancy.run(own, async () => {
      const created = await Promise.all(
        [1, 2].map(() => new VoucherBatchService().create(input, { id: null, name: 'T' }))
      )
      await Promise.all(
        created.map((batch, index) =>
          new VoucherBatchService({ codesFor: () => new Sequence(index ? 7 : 1) }).generate(
            batch.id
          )
        )
      )
      return Promise.all(created.map((batch) => batch.refresh()))
    })
    const codes: string[] = []
    for (const batch of batches) {
      assert.equal(batch.status, 'done')
      const rows = await tenantTable(own, 'vouchers').where('batch_id', batch.id).select('code')
      assert.lengthOf(rows, 1000)
      codes.push(...rows.map((row) => row.code))
    }
    assert.equal(new Set(codes).size, 2000)
  })

  test('a code space too small for the batch is refused before anything is written', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant)
    const error = await tenancy
      .run(tenant, () =>
        new VoucherBatchService().create(
          batchInput(pkg.id, { quantity: 600, codeLength: 3, charset: 'numeric' }),
          { id: null, name: 'Test' }
        )
      )
      .catch((caught) => caught)
    assert.equal(error.code, 'E_VOUCHER_CODE_SPACE')
    assert.equal(error.field, 'codeLength')
  })
})
