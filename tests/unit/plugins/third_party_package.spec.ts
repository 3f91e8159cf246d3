/*
 * The conformance kit run against a plugin published as an npm package (the fixture under
 * tests/fixtures/plugins), loaded by name through the registry like config/plugins.ts would.
 */
import { createHmac } from 'node:crypto'
import { runPaymentGatewayConformance } from '#tests/plugin_kit/index'
import { testRegistry } from './helpers.js'

const { registry } = testRegistry()
await registry.load(['radius-billing-plugin-example'])
const settings = {
  baseUrl: 'http://127.0.0.1:9/',
  apiKey: 'example-secret-api-key',
  qrisOnly: 'on',
}

runPaymentGatewayConformance(registry.get('example-pay').definition, {
  settings,
  notification: (transaction, order) => {
    const body = {
      order_id: order.orderId,
      reference: transaction.reference,
      status: 'PAID',
      amount: order.amount,
      paid_at: 1_738_317_600,
    }
    const rawBody = JSON.stringify(body)
    const signature = createHmac('sha256', settings.apiKey).update(rawBody).digest('hex')
    return { headers: { 'x-example-signature': signature }, rawBody, body }
  },
})
