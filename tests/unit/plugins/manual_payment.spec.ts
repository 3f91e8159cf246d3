import { test } from '@japa/runner'
import manualPlugin from '../../../plugins/manual_payment/index.js'
import { SIGNATURE_HEADER } from '../../../plugins/manual_payment/manual_gateway.js'
import type { PaymentGateway, PaymentOrder } from '#plugins/contracts/payment_gateway'
import { fakeServices, runPaymentGatewayConformance } from '#tests/plugin_kit/index'
import { rejection } from './helpers.js'

const BANK = { bankName: 'BCA', accountNumber: '1234567890', accountHolder: 'PT Net Sejahtera' }

/** A cashier's confirmation, signed the way core signs it. */
function confirmation(signer: { sign(body: string): string }, payload: Record<string, unknown>) {
  const rawBody = JSON.stringify(payload)
  return { headers: { [SIGNATURE_HEADER]: signer.sign(rawBody) }, rawBody, body: payload }
}

runPaymentGatewayConformance(manualPlugin, {
  settings: { ...BANK, counterNote: 'Jl. Merdeka 1, 08.00–17.00' },
  notification: (transaction, order, services) =>
    confirmation(services.signer, {
      orderId: order.orderId,
      reference: transaction.reference,
      amount: order.amount,
      status: 'paid',
      confirmedBy: 'kasir@net.id',
      confirmedAt: '2025-01-31T10:00:00.000Z',
    }),
})

const ORDER: PaymentOrder = {
  orderId: 'INV-0042',
  amount: 175_000,
  items: [{ name: 'Paket 20 Mbps', price: 175_000, quantity: 1 }],
  customer: { name: 'Siti' },
}

test.group('Manual payment gateway', () => {
  function gateway(settings: Record<string, unknown>, services = fakeServices('manual')) {
    return manualPlugin.create({ expiryHours: 72, ...settings }, services) as PaymentGateway
  }

  test('offers bank transfer only when the account is complete', async ({ assert }) => {
    const codes = async (settings: Record<string, unknown>) =>
      (await gateway(settings).listChannels()).map((channel) => channel.code)
    assert.deepEqual(await codes({}), ['cash'])
    assert.deepEqual(await codes({ bankName: 'BCA', accountNumber: '1' }), ['cash'])
    assert.deepEqual(await codes(BANK), ['cash', 'bank_transfer'])
    const error = await rejection(
      gateway({}).createTransaction({ ...ORDER, channel: 'bank_transfer' })
    )
    assert.equal(error.code, 'E_PAYMENT_CHANNEL')
  })

  test('a transfer tells the account, the amount and the order; it stays pending', async ({
    assert,
  }) => {
    const before = Date.now()
    const transaction = await gateway(BANK).createTransaction({
      ...ORDER,
      channel: 'bank_transfer',
    })
    assert.equal(transaction.reference, 'MANUAL-INV-0042')
    assert.equal(transaction.status, 'pending')
    const steps = transaction.instructions[0].steps.join(' ')
    assert.include(steps, 'BCA 1234567890 a.n. PT Net Sejahtera')
    assert.include(steps, 'INV-0042')
    assert.include(steps, 'Rp175.000')
    const expiry = transaction.expiresAt!.getTime() - before
    assert.closeTo(expiry, 72 * 3_600_000, 5_000)

    const english = await gateway(BANK).createTransaction({ ...ORDER, locale: 'en' })
    assert.equal(english.instructions[0].title, 'Pay at the counter')
  })

  test('only a confirmation signed with this plugin key is accepted', async ({ assert }) => {
    const services = fakeServices('manual')
    const manual = gateway(BANK, services)
    const payload = {
      orderId: 'INV-0042',
      amount: 175_000,
      status: 'paid',
      confirmedAt: '2025-01-31T10:00:00Z',
    }

    const parsed = await manual.parseNotification(confirmation(services.signer, payload))
    assert.deepInclude(parsed, {
      orderId: 'INV-0042',
      reference: 'MANUAL-INV-0042',
      status: 'paid',
      amount: 175_000,
    })
    assert.equal(parsed.paidAt!.toISOString(), '2025-01-31T10:00:00.000Z')

    // Signed by another plugin (another derived key), or by the right key over other bytes.
    const foreign = confirmation(fakeServices('radius').signer, payload)
    assert.equal((await rejection(manual.parseNotification(foreign))).code, 'E_PAYMENT_SIGNATURE')
    const genuine = confirmation(services.signer, payload)
    const edited = { ...genuine, rawBody: genuine.rawBody.replace('175000', '1') }
    assert.equal((await rejection(manual.parseNotification(edited))).code, 'E_PAYMENT_SIGNATURE')

    const unreadable = confirmation(services.signer, { orderId: 'INV-0042', status: 'paid' })
    assert.equal(
      (await rejection(manual.parseNotification(unreadable))).code,
      'E_PAYMENT_NOTIFICATION'
    )
  })

  test('queryStatus knows only its own references and answers pending', async ({ assert }) => {
    const state = await gateway({}).queryStatus('MANUAL-INV-0042')
    assert.deepEqual(state, {
      orderId: 'INV-0042',
      reference: 'MANUAL-INV-0042',
      status: 'pending',
      amount: null,
      paidAt: null,
      raw: null,
    })
    assert.equal(
      (await rejection(gateway({}).queryStatus('T0001000000000006'))).code,
      'E_PAYMENT_REFERENCE'
    )
  })
})
