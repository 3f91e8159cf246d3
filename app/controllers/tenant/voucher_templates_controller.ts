import type { HttpContext } from '@adonisjs/core/http'
import type { Infer } from '@vinejs/vine/types'
import VoucherBatch from '#models/tenant/voucher_batch'
import VoucherTemplate from '#models/tenant/voucher_template'
import {
  DESIGN_NAMES,
  DESIGNS,
  themeSwatches,
  toPrintTemplate,
  VoucherTemplateService,
  type PrintTemplate,
  type TemplateInput,
} from '#services/voucher_template_service'
import { scopedMessages } from '#validators/validation_messages'
import {
  templatePreviewValidator,
  voucherTemplateValidator,
} from '#validators/voucher_template_validator'

/** Sample vouchers for previews: never real codes. */
const SAMPLES = [
  { code: 'HS7K2M9Q', password: 'HS7K2M9Q' },
  { code: 'HSP4X8TZ', password: 'HSP4X8TZ' },
  { code: 'HS3VN6RW', password: 'HS3VN6RW' },
]

/** The template gallery (built-in designs and the tenant's templates) and the editor. */
export default class VoucherTemplatesController {
  async index({ view }: HttpContext) {
    const service = new VoucherTemplateService()
    const builtIn = await Promise.all(DESIGN_NAMES.map((design) => service.builtIn(design)))
    return view.render('pages/tenant/vouchers/templates/index', {
      builtIn,
      templates: await VoucherTemplate.query().orderBy('name'),
      layouts: DESIGNS,
    })
  }

  async create({ request, view }: HttpContext) {
    const design = DESIGN_NAMES.find((name) => name === request.input('design')) ?? 'small_card'
    const template = await new VoucherTemplateService().builtIn(design)
    return view.render('pages/tenant/vouchers/templates/form', {
      template,
      swatches: await themeSwatches(),
      designs: DESIGN_NAMES,
    })
  }

  async store({ request, response, session, i18n }: HttpContext) {
    const { logo, ...input } = await request.validateUsing(voucherTemplateValidator, {
      messagesProvider: scopedMessages(i18n, 'vouchers.templates'),
    })
    await new VoucherTemplateService().create(templateInput(input), logo)
    session.flash('success', i18n.t('vouchers.templates.saved'))
    return response.redirect().toPath('/vouchers/templates')
  }

  async edit({ params, view }: HttpContext) {
    return view.render('pages/tenant/vouchers/templates/form', {
      template: await VoucherTemplate.findOrFail(params.id),
      swatches: await themeSwatches(),
      designs: DESIGN_NAMES,
    })
  }

  async update({ params, request, response, session, i18n }: HttpContext) {
    const template = await VoucherTemplate.findOrFail(params.id)
    const { logo, removeLogo, ...input } = await request.validateUsing(voucherTemplateValidator, {
      messagesProvider: scopedMessages(i18n, 'vouchers.templates'),
    })
    await new VoucherTemplateService().update(template, templateInput(input), logo, removeLogo)
    session.flash('success', i18n.t('vouchers.templates.saved'))
    return response.redirect().toPath('/vouchers/templates')
  }

  async destroy({ params, response, session, i18n }: HttpContext) {
    await new VoucherTemplateService().delete(await VoucherTemplate.findOrFail(params.id))
    session.flash('success', i18n.t('vouchers.templates.deleted'))
    return response.redirect().toPath('/vouchers/templates')
  }

  /** A saved template's logo (print views and previews load it from here). */
  async logo({ params, response }: HttpContext) {
    const logo = await new VoucherTemplateService().logo(
      await VoucherTemplate.findOrFail(params.id)
    )
    if (!logo) return response.notFound()
    response.header('content-type', logo.type)
    response.header('cache-control', 'private, max-age=300')
    return response.send(logo.data)
  }

  /** Sample cards with the editor's current settings (its live preview). */
  async preview({ request, response, view }: HttpContext) {
    const { template: id, thumb, ...values } = await templatePreviewValidator.validate(request.qs())
    const service = new VoucherTemplateService()
    const base = await service.resolve(id, values.design)
    const given = Object.entries(values).filter(([, value]) => value !== undefined)
    const template: PrintTemplate = { ...toPrintTemplate(base), ...Object.fromEntries(given) }
    // A sample login URL, so a QR design shows its code before the DNS name is entered.
    template.hotspotDns ??= 'hotspot.local'
    const batch = new VoucherBatch().merge({ price: 5000, packageId: null, packageName: 'Preview' })
    const cards = await service.cards(batch, template, SAMPLES)
    for (const card of cards)
      Object.assign(card, { validity: { value: 1, unit: 'days' }, speed: '10M/2M' })
    // Shown in an iframe of our own pages: shield's DENY would blank it.
    response.header('X-Frame-Options', 'SAMEORIGIN')
    return view.render('vouchers/preview', { template, cards, thumb: thumb === true })
  }
}

/** The editor's values as a template: unticked boxes (absent from a post) are off. */
function templateInput(data: Infer<typeof voucherTemplateValidator>): TemplateInput {
  return {
    name: data.name,
    design: data.design,
    colorPrimary: data.colorPrimary,
    colorAccent: data.colorAccent,
    perPage: data.perPage,
    title: data.title ?? null,
    footer: data.footer ?? null,
    hotspotDns: data.hotspotDns ?? null,
    showPrice: data.showPrice === true,
    showValidity: data.showValidity === true,
    showSpeed: data.showSpeed === true,
    showPassword: data.showPassword === true,
    showQr: data.showQr === true,
  }
}
