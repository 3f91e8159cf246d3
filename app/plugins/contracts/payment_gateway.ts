/*
 * How a payment is collected. Shaped so Midtrans (Snap / Core API) and Tripay (closed payment)
 * fit without losing what they return; one gateway instance serves one tenant.
 */

/** Normalized payment states (Midtrans settlement/capture → paid, Tripay PAID → paid, …). */
export const PAYMENT_STATUSES = ['paid', 'pending', 'expired', 'failed', 'refunded'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** How a channel is paid. */
export const PAYMENT_CHANNEL_GROUPS = ['qris', 'ewallet', 'va', 'retail', 'manual'] as const
export type PaymentChannelGroup = (typeof PAYMENT_CHANNEL_GROUPS)[number]

/** One line of an order; Σ price × quantity equals the order amount (both gateways check it). */
export interface PaymentItem {
  id?: string
  name: string
  /** Integer IDR; negative for a discount line. */
  price: number
  quantity: number
}

/** What core asks a gateway to collect. */
export interface PaymentOrder {
  /** Our invoice id: Midtrans order_id, Tripay merchant_ref. Unique per attempt. */
  orderId: string
  /** Integer IDR. */
  amount: number
  items: PaymentItem[]
  customer: { name: string; email?: string | null; phone?: string | null }
  /** Channel code from listChannels(); gateways with a hosted page may leave the choice open. */
  channel?: string | null
  expiresAt?: Date | null
  /** Where the gateway posts notifications (Midtrans X-Override-Notification, Tripay callback_url). */
  callbackUrl?: string | null
  /** Where the browser returns after paying. */
  returnUrl?: string | null
  /** Language of instructions meant for the customer. */
  locale?: 'id' | 'en'
}

/** Steps shown to the customer (Tripay `instructions`, bank details of a manual transfer). */
export interface PaymentInstruction {
  title: string
  steps: string[]
}

/** A created transaction: the customer pays through one of the URL, code or QR. */
export interface PaymentTransaction {
  /** The gateway's id (Tripay reference, Midtrans order_id/transaction_id). */
  reference: string
  status: PaymentStatus
  /** What the customer pays, fees included. */
  amount: number
  /** Redirect page, checkout or e-wallet deep link. */
  paymentUrl: string | null
  /** VA number or retail payment code. */
  payCode: string | null
  /** EMV QRIS payload. */
  qrString: string | null
  instructions: PaymentInstruction[]
  expiresAt: Date | null
  /** The gateway's reply, stored with the payment. */
  raw: unknown
}

/** A notification as received: headers lower-cased, the body exactly as sent and parsed. */
export interface PaymentNotificationInput {
  headers: Record<string, string | string[] | undefined>
  rawBody: string
  body: unknown
}

/** Where a payment stands, from a notification or a status query. */
export interface PaymentState {
  orderId: string
  reference: string
  status: PaymentStatus
  /** Integer IDR the gateway reports, null when it does not say. */
  amount: number | null
  paidAt: Date | null
  raw: unknown
}

/** A verified notification always carries the amount, to compare with the invoice. */
export interface PaymentNotification extends PaymentState {
  amount: number
}

/** A way to pay, with what the gateway charges for it. */
export interface PaymentChannel {
  code: string
  name: string
  group: PaymentChannelGroup
  fee: { flat: number; percent: number }
}

/**
 * A payment gateway. Failures reject with a PaymentError: E_PAYMENT_SIGNATURE for a
 * notification whose signature does not verify, E_PAYMENT_NOTIFICATION for one that cannot be
 * understood, E_PAYMENT_REQUEST when the gateway refuses or cannot be reached.
 */
export interface PaymentGateway {
  createTransaction(order: PaymentOrder): Promise<PaymentTransaction>
  /** Verifies the signature (over `rawBody` where the gateway signs the raw bytes) first. */
  parseNotification(input: PaymentNotificationInput): Promise<PaymentNotification>
  queryStatus(reference: string): Promise<PaymentState>
  listChannels(): Promise<PaymentChannel[]>
  /** Releases connections; called when settings change and on shutdown. */
  close?(): Promise<void>
}

/** The methods a payment gateway must have (checked when the plugin is registered). */
export const PAYMENT_GATEWAY_METHODS = Object.keys({
  createTransaction: true,
  parseNotification: true,
  queryStatus: true,
  listChannels: true,
} satisfies Record<Exclude<keyof PaymentGateway, 'close'>, true>) as readonly string[]
