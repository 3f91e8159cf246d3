import vine from '@vinejs/vine'
import { CHARSET_NAMES } from '#services/voucher_code_generator'
import { MAX_QUANTITY } from '#services/voucher_batch_service'

/** The "Generate Voucher" form (also the CLI's flags). */
export const voucherBatchValidator = vine.create({
  packageId: vine.number().withoutDecimals().positive(),
  quantity: vine.number().withoutDecimals().range([1, MAX_QUANTITY]),
  // Letters, digits, - and _ only: a code is typed on a hotspot login page.
  prefix: vine
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,16}$/)
    .optional()
    .nullable(),
  codeLength: vine.number().withoutDecimals().range([4, 32]),
  charset: vine.enum(CHARSET_NAMES),
  loginMode: vine.enum(['same', 'separate'] as const),
  price: vine.number().withoutDecimals().min(0).max(1_000_000_000).optional().nullable(),
  // The last day unused vouchers still work (YYYY-MM-DD, in the tenant's time zone).
  unusedUntil: vine
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .nullable(),
  nasIds: vine.array(vine.number().withoutDecimals().positive()).maxLength(100).optional(),
  note: vine.string().trim().maxLength(255).optional().nullable(),
  templateId: vine.number().withoutDecimals().positive().optional().nullable(),
})

/** The voucher list's filter. */
export const voucherFilterValidator = vine.create({
  batch: vine.number().withoutDecimals().positive().optional(),
})
