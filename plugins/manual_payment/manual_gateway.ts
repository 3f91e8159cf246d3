import type {
  PaymentChannel,
  PaymentGateway,
  PaymentInstruction,
  PaymentNotification,
  PaymentNotificationInput,
  PaymentOrder,
  PaymentState,
  PaymentTransaction,
} from '../../app/plugins/contracts/payment_gateway.js'
import { PAYMENT_STATUSES } from '../../app/plugins/contracts/payment_gateway.js'
import type { PluginSigner } from '../../app/plugins/contracts/services.js'
import { PaymentError } from '../../app/plugins/errors.js'

/** Header carrying the signature of a cashier's confirmation (HMAC of the raw body). */
export const SIGNATURE_HEADER = 'x-manual-signature'

const REFERENCE_PREFIX = 'MANUAL-'

/** Settings of the gateway (see the manifest in index.ts). */
export interface ManualSettings {
  bankName?: string
  accountNumber?: string
  accountHolder?: string
  counterNote?: string
  expiryHours: number
}

function money(amount: number) {
  return `Rp${amount.toLocaleString('id-ID')}`
}

/**
 * Nothing leaves the app: a transaction is a set of instructions, and the only notification
 * accepted is a cashier's confirmation signed by core with this plugin's signer.
 */
export class ManualGateway implements PaymentGateway {
  #settings: ManualSettings
  #signer: PluginSigner

  constructor(settings: ManualSettings, signer: PluginSigner) {
    this.#settings = settings
    this.#signer = signer
  }

  get #bank() {
    const { bankName, accountNumber, accountHolder } = this.#settings
    return bankName && accountNumber && accountHolder
      ? { bankName, accountNumber, accountHolder }
      : null
  }

  async listChannels(): Promise<PaymentChannel[]> {
    const channels: PaymentChannel[] = [
      { code: 'cash', name: 'Tunai di kasir', group: 'manual', fee: { flat: 0, percent: 0 } },
    ]
    const bank = this.#bank
    if (bank) {
      channels.push({
        code: 'bank_transfer',
        name: `Transfer ${bank.bankName}`,
        group: 'manual',
        fee: { flat: 0, percent: 0 },
      })
    }
    return channels
  }

  async createTransaction(order: PaymentOrder): Promise<PaymentTransaction> {
    if (!Number.isSafeInteger(order.amount) || order.amount <= 0) {
      throw new PaymentError(
        `Order ${order.orderId}: amount must be a positive whole number of rupiah`,
        'E_PAYMENT_REQUEST'
      )
    }
    const channel = order.channel ?? 'cash'
    const instructions = this.#instructions(channel, order)
    return {
      reference: `${REFERENCE_PREFIX}${order.orderId}`,
      status: 'pending',
      amount: order.amount,
      paymentUrl: null,
      payCode: null,
      qrString: null,
      instructions,
      expiresAt: order.expiresAt ?? new Date(Date.now() + this.#settings.expiryHours * 3_600_000),
      raw: { channel },
    }
  }

  #instructions(channel: string, order: PaymentOrder): PaymentInstruction[] {
    const en = order.locale === 'en'
    const amount = money(order.amount)
    if (channel === 'cash') {
      const steps = [
        en ? `Pay ${amount} in cash at our counter.` : `Bayar ${amount} tunai di kasir kami.`,
        en ? `Mention order ${order.orderId}.` : `Sebutkan nomor pesanan ${order.orderId}.`,
      ]
      if (this.#settings.counterNote) steps.push(this.#settings.counterNote)
      return [{ title: en ? 'Pay at the counter' : 'Bayar di kasir', steps }]
    }
    const bank = this.#bank
    if (channel !== 'bank_transfer' || !bank) {
      throw new PaymentError(
        `Channel "${channel}" is not offered by the manual gateway`,
        'E_PAYMENT_CHANNEL'
      )
    }
    const account = `${bank.bankName} ${bank.accountNumber} a.n. ${bank.accountHolder}`
    return [
      {
        title: en ? 'Bank transfer' : 'Transfer bank',
        steps: [
          en
            ? `Transfer exactly ${amount} to ${account}.`
            : `Transfer tepat ${amount} ke ${account}.`,
          en
            ? `Write ${order.orderId} in the transfer note.`
            : `Tulis ${order.orderId} di berita transfer.`,
          en
            ? 'Your service is activated once our cashier confirms the transfer.'
            : 'Layanan aktif setelah kasir kami mengonfirmasi transfer.',
        ],
      },
    ]
  }

  /**
   * Accepts only `{ orderId, amount, status, reference?, confirmedBy?, confirmedAt? }` whose
   * raw JSON is signed in the `x-manual-signature` header with this plugin's signer.
   */
  async parseNotification(input: PaymentNotificationInput): Promise<PaymentNotification> {
    const header = input.headers[SIGNATURE_HEADER]
    const signature = Array.isArray(header) ? header[0] : header
    if (!signature || !this.#signer.verify(input.rawBody, signature)) {
      throw new PaymentError(
        'Manual payment confirmation: missing or invalid signature',
        'E_PAYMENT_SIGNATURE'
      )
    }
    let payload: Record<string, unknown>
    try {
      payload = JSON.parse(input.rawBody) as Record<string, unknown>
    } catch {
      throw new PaymentError(
        'Manual payment confirmation: the body is not JSON',
        'E_PAYMENT_NOTIFICATION'
      )
    }
    const { orderId, amount, status, confirmedAt } = payload ?? {}
    if (
      typeof orderId !== 'string' ||
      !Number.isSafeInteger(amount) ||
      !PAYMENT_STATUSES.includes(status as never) ||
      (confirmedAt !== undefined && Number.isNaN(Date.parse(String(confirmedAt))))
    ) {
      throw new PaymentError(
        'Manual payment confirmation: expected { orderId: string, amount: integer, status, confirmedAt?: ISO date }',
        'E_PAYMENT_NOTIFICATION'
      )
    }
    const paid = status === 'paid'
    return {
      orderId,
      reference:
        typeof payload.reference === 'string' ? payload.reference : `${REFERENCE_PREFIX}${orderId}`,
      status: status as PaymentNotification['status'],
      amount: amount as number,
      paidAt: paid ? new Date(typeof confirmedAt === 'string' ? confirmedAt : Date.now()) : null,
      raw: payload,
    }
  }

  /** The cashier's confirmation is the only source of truth: until it arrives, pending. */
  async queryStatus(reference: string): Promise<PaymentState> {
    if (!reference.startsWith(REFERENCE_PREFIX)) {
      throw new PaymentError(
        `"${reference}" is not a manual payment reference`,
        'E_PAYMENT_REFERENCE'
      )
    }
    return {
      orderId: reference.slice(REFERENCE_PREFIX.length),
      reference,
      status: 'pending',
      amount: null,
      paidAt: null,
      raw: null,
    }
  }
}
