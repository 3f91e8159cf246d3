/*
 * Conformance tests of a payment gateway plugin. Generic: results must have the documented
 * shapes, notifications that do not verify must be refused with a typed error, and no result
 * may contain a secret setting.
 */
import { test } from '@japa/runner'
import {
  PAYMENT_CHANNEL_GROUPS,
  PAYMENT_STATUSES,
  type PaymentGateway,
  type PaymentNotificationInput,
  type PaymentOrder,
  type PaymentTransaction,
} from '#plugins/contracts/payment_gateway'
import type { PluginServices } from '#plugins/contracts/services'
import { hasErrorCode } from '#plugins/errors'
import { secretValues } from '#plugins/settings_schema'
import {
  assertNoSecrets,
  definitionOf,
  registerCommonTests,
  validSettings,
  type PluginModule,
} from './common.js'
import { fakeServices } from './fake_services.js'
import { oneOf, shapeProblems, type Expect } from './shapes.js'

export interface PaymentConformanceOptions {
  /** Valid settings, as a tenant would save them (point URLs at your fake server). */
  settings: Record<string, unknown>
  /** Services overrides, or a function run once before the tests (start a fake gateway…). */
  context?:
    { services?: Partial<PluginServices> } | (() => Promise<{ services?: Partial<PluginServices> }>)
  teardown?: () => Promise<void>
  /** The order to create; its channel defaults to the first of listChannels(). */
  order?: PaymentOrder
  /**
   * A genuine "paid" notification for the created transaction, signed as the gateway would sign
   * it. When given, the kit checks it parses and that a tampered copy is refused.
   */
  notification?: (
    transaction: PaymentTransaction,
    order: PaymentOrder,
    services: PluginServices
  ) => PaymentNotificationInput | Promise<PaymentNotificationInput>
}

const SAMPLE_ORDER: PaymentOrder = {
  orderId: 'KIT-INV-0001',
  amount: 150_000,
  items: [{ id: 'pkg-10M', name: 'Paket 10 Mbps 30 hari', price: 150_000, quantity: 1 }],
  customer: { name: 'Budi Santoso', email: 'budi@example.id', phone: '081234567890' },
  callbackUrl: 'https://isp.example.id/webhooks/payments',
  returnUrl: 'https://isp.example.id/portal',
  locale: 'id',
}

const STATE: Record<string, Expect> = {
  orderId: 'text',
  reference: 'text',
  status: oneOf(PAYMENT_STATUSES),
  amount: (value) =>
    value === null || Number.isSafeInteger(value) ? undefined : 'a whole number or null',
  paidAt: 'date?',
}

const SIGNATURE_ERRORS = ['E_PAYMENT_SIGNATURE', 'E_PAYMENT_NOTIFICATION']

async function refusal(call: () => Promise<unknown>): Promise<string> {
  try {
    await call()
  } catch (error) {
    const code = SIGNATURE_ERRORS.find((item) => hasErrorCode(error, item))
    if (code) return code
    throw new Error(
      `refused without E_PAYMENT_SIGNATURE / E_PAYMENT_NOTIFICATION: ${String(error)}`,
      { cause: error }
    )
  }
  return 'accepted'
}

/** A copy of a notification with one character of the raw body changed. */
function tampered(input: PaymentNotificationInput): PaymentNotificationInput {
  const rawBody = input.rawBody.replace(/\d/, (digit) => String((Number(digit) + 1) % 10))
  let body: unknown = input.body
  try {
    body = JSON.parse(rawBody)
  } catch {}
  return { ...input, rawBody, body }
}

/** Registers the conformance tests of a payment gateway plugin in the calling spec file. */
export function runPaymentGatewayConformance(
  module: PluginModule,
  options: PaymentConformanceOptions
) {
  const definition = definitionOf(module)
  const name = definition.manifest.name
  let overrides: Partial<PluginServices> | undefined
  let services = () => fakeServices(name, overrides)

  test.group(`Payment gateway conformance: ${name}`, (group) => {
    let gateway: PaymentGateway
    let order: PaymentOrder
    let transaction: PaymentTransaction
    let secrets: string[] = []
    group.setup(async () => {
      const context =
        typeof options.context === 'function' ? await options.context() : options.context
      overrides = context?.services
      // One set of services for the whole group: a notification is signed with the same signer.
      const shared = fakeServices(name, overrides)
      services = () => shared
      const settings = await validSettings(definition, options.settings)
      secrets = secretValues(definition.manifest.settings, settings)
      gateway = (await definition.create(settings, shared)) as PaymentGateway
      const channels = await gateway.listChannels()
      order = { ...SAMPLE_ORDER, channel: channels[0]?.code ?? null, ...options.order }
      transaction = await gateway.createTransaction(order)
      return async () => {
        await gateway.close?.()
        await options.teardown?.()
      }
    })

    registerCommonTests(definition, 'payment', options.settings as never, () => services())

    test('listChannels() returns distinct channels with a group and a fee', async ({ assert }) => {
      const channels = await gateway.listChannels()
      assert.isAbove(channels.length, 0)
      const problems = channels.flatMap((channel, index) => [
        ...shapeProblems(
          channel,
          { code: 'text', name: 'text', group: oneOf(PAYMENT_CHANNEL_GROUPS), fee: 'object' },
          `listChannels()[${index}]`
        ),
        ...shapeProblems(
          channel.fee,
          { flat: 'number', percent: 'number' },
          `listChannels()[${index}].fee`
        ),
      ])
      assert.deepEqual(problems, [])
      assert.equal(new Set(channels.map((channel) => channel.code)).size, channels.length)
      assertNoSecrets(channels, secrets, 'listChannels()')
    })

    test('createTransaction() tells the customer how to pay', async ({ assert }) => {
      const problems = shapeProblems(
        transaction,
        {
          reference: 'text',
          status: oneOf(PAYMENT_STATUSES),
          amount: (value) =>
            Number.isSafeInteger(value) && (value as number) >= order.amount
              ? undefined
              : `a whole number ≥ ${order.amount}`,
          paymentUrl: 'string?',
          payCode: 'string?',
          qrString: 'string?',
          instructions: 'array',
          expiresAt: 'date?',
        },
        'createTransaction()'
      )
      assert.deepEqual(problems, [])
      const { paymentUrl, payCode, qrString, instructions } = transaction
      assert.isTrue(
        Boolean(paymentUrl || payCode || qrString || instructions.length),
        'no way to pay was returned'
      )
      assert.notEqual(transaction.raw, undefined)
      assertNoSecrets(transaction, secrets, 'createTransaction()')
    })

    test('queryStatus() of the created transaction returns a state', async ({ assert }) => {
      const state = await gateway.queryStatus(transaction.reference)
      assert.deepEqual(shapeProblems(state, STATE, 'queryStatus()'), [])
      assertNoSecrets(state, secrets, 'queryStatus()')
    })

    test('a forged or unsigned notification is refused with a typed error', async ({ assert }) => {
      const body = {
        order_id: order.orderId,
        orderId: order.orderId,
        merchant_ref: order.orderId,
        reference: transaction.reference,
        status: 'PAID',
        transaction_status: 'settlement',
        amount: order.amount,
        total_amount: order.amount,
        gross_amount: `${order.amount}.00`,
        status_code: '200',
        signature_key: 'f'.repeat(128),
      }
      const rawBody = JSON.stringify(body)
      for (const headers of [
        {},
        { 'x-callback-signature': 'f'.repeat(64), 'x-manual-signature': 'f'.repeat(64) },
      ]) {
        const outcome = await refusal(() => gateway.parseNotification({ headers, rawBody, body }))
        assert.notEqual(outcome, 'accepted', 'a notification with a forged signature was accepted')
      }
      const garbage = await refusal(() =>
        gateway.parseNotification({ headers: {}, rawBody: 'not json', body: null })
      )
      assert.notEqual(garbage, 'accepted', 'a body that is not JSON was accepted')
    })

    const notification = options.notification
    if (!notification) return
    test('a genuine notification parses; a tampered copy does not', async ({ assert }) => {
      const genuine = await notification(transaction, order, services())
      const parsed = await gateway.parseNotification(genuine)
      assert.deepEqual(
        shapeProblems(parsed, { ...STATE, amount: 'count' }, 'parseNotification()'),
        []
      )
      assert.equal(parsed.orderId, order.orderId)
      assertNoSecrets(parsed, secrets, 'parseNotification()')
      assert.equal(
        await refusal(() => gateway.parseNotification(tampered(genuine))),
        'E_PAYMENT_SIGNATURE'
      )
    })
  })
}
