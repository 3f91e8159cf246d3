import vine from '@vinejs/vine'
import { HEX_COLOR } from '#services/theme_service'
import { DESIGN_NAMES } from '#services/voucher_template_service'

// A DNS name as MikroTik's hotspot `dns-name` takes it (letters, digits, dots, dashes).
const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

const fields = {
  name: vine.string().trim().minLength(2).maxLength(64),
  design: vine.enum(DESIGN_NAMES),
  colorPrimary: vine.string().trim().regex(HEX_COLOR),
  colorAccent: vine.string().trim().regex(HEX_COLOR),
  title: vine.string().trim().maxLength(64).optional().nullable(),
  footer: vine.string().trim().maxLength(255).optional().nullable(),
  hotspotDns: vine.string().trim().regex(DNS_NAME).optional().nullable(),
  showPrice: vine.boolean().optional(),
  showValidity: vine.boolean().optional(),
  showSpeed: vine.boolean().optional(),
  showPassword: vine.boolean().optional(),
  showQr: vine.boolean().optional(),
  perPage: vine.number().withoutDecimals().range([1, 100]),
}

/** The template editor: design, colours, fields shown, QR target, logo (PNG or JPEG). */
export const voucherTemplateValidator = vine.create({
  ...fields,
  // PNG and JPEG only: pdfkit embeds them, and no script can ride along (as in an SVG).
  logo: vine.file({ size: '1mb', extnames: ['png', 'jpg', 'jpeg'] }).optional(),
  removeLogo: vine.boolean().optional(),
})

/** The editor's live preview: the same fields from the query string, the required ones too. */
export const templatePreviewValidator = vine.create({
  ...fields,
  name: fields.name.optional(),
  design: fields.design.optional(),
  colorPrimary: fields.colorPrimary.optional(),
  colorAccent: fields.colorAccent.optional(),
  perPage: fields.perPage.optional(),
  template: vine.number().withoutDecimals().positive().optional(),
  // Gallery thumbnails: drawn smaller.
  thumb: vine.boolean().optional(),
})

/** Print view and PDF options: a saved template or a built-in design, vouchers per page, part. */
export const printOptionsValidator = vine.create({
  template: vine.number().withoutDecimals().positive().optional(),
  design: vine.enum(DESIGN_NAMES).optional(),
  perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
  part: vine.number().withoutDecimals().positive().optional(),
})
