/*
 * The `manual` payment gateway: cash at the counter or a bank transfer, confirmed by a cashier.
 * Plugins import the contracts by relative path: this folder is its own package, so the app's
 * `#` import aliases do not apply here.
 */
import { definePlugin } from '../../app/plugins/define_plugin.js'
import { ManualGateway } from './manual_gateway.js'

export default definePlugin({
  manifest: {
    name: 'manual',
    kind: 'payment',
    version: '1.0.0',
    displayName: 'Manual (cash / bank transfer)',
    description:
      'The customer pays cash at the counter or transfers to your bank account; a cashier confirms the payment.',
    settings: [
      {
        name: 'bankName',
        type: 'string',
        label: { id: 'Nama bank', en: 'Bank name' },
        help: {
          id: 'Misalnya BCA. Kosongkan bila hanya menerima tunai.',
          en: 'For example BCA. Leave empty to accept cash only.',
        },
      },
      {
        name: 'accountNumber',
        type: 'string',
        label: { id: 'Nomor rekening', en: 'Account number' },
      },
      { name: 'accountHolder', type: 'string', label: { id: 'Atas nama', en: 'Account holder' } },
      {
        name: 'counterNote',
        type: 'string',
        label: { id: 'Catatan bayar di kasir', en: 'Pay-at-the-counter note' },
        help: {
          id: 'Misalnya alamat dan jam buka kantor.',
          en: 'For example the office address and opening hours.',
        },
      },
      {
        name: 'expiryHours',
        type: 'number',
        label: { id: 'Batas waktu bayar (jam)', en: 'Payment deadline (hours)' },
        default: 72,
      },
    ],
  },
  create: (settings, services) => new ManualGateway(settings, services.signer),
})
