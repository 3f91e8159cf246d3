import { test } from '@japa/runner'
import type Tenant from '#models/central/tenant'
import { VoucherStatus } from '#enums/voucher_status'
import { tenantFixture } from '#tests/helpers/tenants'
import { hotspotLogin, insertSession, nasOf } from '../radius/helpers.js'
import { addNas, removeNas } from '../radius_server/support.js'
import { createPackage } from '../catalogue/helpers.js'
import {
  authorizeAt,
  batchInput,
  generateBatch,
  stateOf,
  tenantTable,
  vouchersOf,
} from './helpers.js'

const HOUR = 3600_000
const MAC = 'AA:BB:CC:00:11:22'

/*
 * A voucher lives through the RADIUS server: unused until its first accepted login, which
 * starts its validity; then refused with the reason once that validity or its quota is over.
 */
test.group('Voucher life: first login, expiry, quota, deadline, disabled', (group) => {
  let tenant: Tenant
  group.setup(async () => {
    tenant = await tenantFixture()
  })

  test('the first login starts the validity; after it ends the voucher is refused as expired', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant, {
      validityUnit: 'hours',
      validityValue: 3,
      validityStart: 'first_login',
    })
    const batch = await generateBatch(tenant, batchInput(pkg.id, { quantity: 3 }))
    assert.equal(batch.status, 'done')
    const [voucher] = await vouchersOf(tenant, batch.id)
    const t0 = new Date()

    // Generated: an access period of 3 h waiting for the first login, no Expiration yet.
    const before = await tenantTable(tenant, 'radcheck').where('username', voucher.code)
    assert.deepInclude(
      before.map((row) => [row.attribute, row.value]),
      ['Rb-Access-Period', '10800']
    )
    assert.notInclude(
      before.map((row) => row.attribute),
      'Expiration'
    )
    assert.equal((await stateOf(tenant, voucher.code, t0)).status, VoucherStatus.Unused)

    // Used an hour after it was printed: accepted, and the 3 h count from this login.
    const firstLogin = new Date(t0.getTime() + HOUR)
    const accepted = await authorizeAt(
      tenant,
      hotspotLogin(tenant, voucher.code, voucher.password, MAC),
      firstLogin
    )
    assert.isTrue(accepted.accept, accepted.reason)
    const after = await tenantTable(tenant, 'radcheck').where('username', voucher.code)
    assert.notInclude(
      after.map((row) => row.attribute),
      'Rb-Access-Period'
    )
    assert.include(
      after.map((row) => row.attribute),
      'Expiration'
    )
    const active = await stateOf(tenant, voucher.code, new Date(firstLogin.getTime() + 1000))
    assert.equal(active.status, VoucherStatus.Active)
    assert.equal(active.usedByMac, MAC)
    assert.approximately(active.expiresAt!.getTime(), firstLogin.getTime() + 3 * HOUR, 1000)

    // Still fine 2 h 59 min later; refused with the reason just after the 3 h.
    const late = new Date(firstLogin.getTime() + 3 * HOUR - 60_000)
    assert.isTrue(
      (await authorizeAt(tenant, hotspotLogin(tenant, voucher.code, voucher.password, MAC), late))
        .accept
    )
    const over = new Date(firstLogin.getTime() + 3 * HOUR + 60_000)
    const refused = await authorizeAt(
      tenant,
      hotspotLogin(tenant, voucher.code, voucher.password, MAC),
      over
    )
    assert.isFalse(refused.accept)
    assert.match(refused.reason ?? '', /^Account expired on /)
    assert.equal((await stateOf(tenant, voucher.code, over)).status, VoucherStatus.Expired)
    const logged = await tenantTable(tenant, 'radpostauth')
      .where('username', voucher.code)
      .orderBy('id', 'desc')
      .first()
    assert.equal(logged.reply, 'Access-Reject')
    assert.match(logged.reason, /^Account expired on /)
  })

  test('a voucher whose time quota is used up is refused with the reason', async ({ assert }) => {
    const pkg = await createPackage(tenant, {
      validityUnit: 'days',
      validityValue: 1,
      validityStart: 'first_login',
      timeQuotaSeconds: 3600,
    })
    const batch = await generateBatch(
      tenant,
      batchInput(pkg.id, { quantity: 2, loginMode: 'separate' })
    )
    const [voucher] = await vouchersOf(tenant, batch.id)
    assert.notEqual(voucher.password, voucher.code)
    const now = new Date()
    assert.isTrue(
      (await authorizeAt(tenant, hotspotLogin(tenant, voucher.code, voucher.password), now)).accept
    )
    await insertSession(tenant, voucher.code, { time: 3600, stopped: true })

    const refused = await authorizeAt(
      tenant,
      hotspotLogin(tenant, voucher.code, voucher.password),
      now
    )
    assert.isFalse(refused.accept)
    assert.match(refused.reason ?? '', /^Time quota used up: /)
    const state = await stateOf(tenant, voucher.code, now)
    assert.equal(state.status, VoucherStatus.UsedUp)
    assert.equal(state.sessionTime, 3600)
  })

  test('an unused voucher past its deadline is refused; a wrong password never starts it', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant, {
      validityUnit: 'days',
      validityValue: 7,
      validityStart: 'first_login',
    })
    const now = new Date()
    const deadline = new Date(now.getTime() + 24 * HOUR)
    const batch = await generateBatch(
      tenant,
      batchInput(pkg.id, { quantity: 2, unusedExpiresAt: deadline })
    )
    const [voucher] = await vouchersOf(tenant, batch.id)

    const wrong = await authorizeAt(tenant, hotspotLogin(tenant, voucher.code, 'not-it'), now)
    assert.isFalse(wrong.accept)
    assert.equal((await stateOf(tenant, voucher.code, now)).status, VoucherStatus.Unused)

    const after = new Date(deadline.getTime() + 60_000)
    const refused = await authorizeAt(
      tenant,
      hotspotLogin(tenant, voucher.code, voucher.password),
      after
    )
    assert.isFalse(refused.accept)
    assert.match(refused.reason ?? '', /^Voucher was not used before its deadline /)
    assert.equal((await stateOf(tenant, voucher.code, after)).status, VoucherStatus.Expired)
  })

  test('a batch sold for one NAS logs in there and is refused on the others', async ({
    assert,
  }) => {
    const pkg = await createPackage(tenant, { validityUnit: 'days', validityValue: 1 })
    const octet = () => 1 + Math.floor(Math.random() * 250)
    const [cafe, school] = await Promise.all(
      ['cafe', 'school'].map((name) =>
        addNas(tenant, {
          name,
          ipAddress: `10.77.${octet()}.${octet()}`,
          secret: `secret-${name}-${octet()}`,
        })
      )
    )
    try {
      const batch = await generateBatch(
        tenant,
        batchInput(pkg.id, { quantity: 2, nasIds: [cafe.id] })
      )
      const [voucher] = await vouchersOf(tenant, batch.id)
      const through = (nas: { id: number; name: string }) => ({
        ...hotspotLogin(tenant, voucher.code, voucher.password),
        nas: nasOf(tenant, { id: nas.id, name: nas.name }),
      })
      const elsewhere = await authorizeAt(tenant, through(school), new Date())
      assert.isFalse(elsewhere.accept)
      assert.match(elsewhere.reason ?? '', /^Not allowed through this NAS \(school\)/)
      const there = await authorizeAt(tenant, through(cafe), new Date())
      assert.isTrue(there.accept, there.reason ?? '')
    } finally {
      await removeNas([cafe.id, school.id])
    }
  })
})
