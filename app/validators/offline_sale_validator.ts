import vine from '@vinejs/vine'
import { MAX_COUNTER_VOUCHERS } from '#services/offline_sale_service'

/**
 * A counter sale: a package and how many vouchers (or, with a customer, how many periods of
 * their renewal).
 */
export const offlineSaleValidator = vine.create({
  packageId: vine.number().withoutDecimals().positive(),
  quantity: vine.number().withoutDecimals().range([1, MAX_COUNTER_VOUCHERS]),
  customer: vine.string().trim().maxLength(64).optional().nullable(),
  note: vine.string().trim().maxLength(255).optional().nullable(),
})
