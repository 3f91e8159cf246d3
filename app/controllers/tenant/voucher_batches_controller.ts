import { PassThrough } from 'node:stream'
import type { HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'
import { hasPermission } from '#abilities/main'
import Nas from '#models/central/nas'
import VoucherBatch from '#models/tenant/voucher_batch'
import VoucherTemplate from '#models/tenant/voucher_template'
import { DataTableService } from '#services/data_table_service'
import { PackageService } from '#services/package_service'
import { endOfDay, VoucherBatchError, VoucherBatchService } from '#services/voucher_batch_service'
import { VoucherPdfService } from '#services/voucher_pdf_service'
import { VoucherService } from '#services/voucher_service'
import { CHARSET_NAMES } from '#services/voucher_code_generator'
import {
  DESIGN_NAMES,
  DESIGNS,
  toPrintTemplate,
  VoucherTemplateService,
} from '#services/voucher_template_service'
import { ruleErrors, scopedMessages } from '#validators/validation_messages'
import { voucherBatchValidator } from '#validators/voucher_validator'
import { printOptionsValidator } from '#validators/voucher_template_validator'
import { formatDateTime, formatMoney } from '#helpers/format'

/**
 * Voucher batches: the list (Cashiers too, to print), "Generate Voucher" and its progress,
 * a batch's page and actions, its print view and PDF. Permissions are on the routes.
 */
export default class VoucherBatchesController {
  async index({ view, bouncer }: HttpContext) {
    const canManage = await bouncer.allows(hasPermission, 'vouchers.manage')
    return view.render('pages/tenant/vouchers/index', { canManage })
  }

  async data({ request, response, tenant, i18n, bouncer }: HttpContext) {
    // A Cashier cannot open a batch: the row leads to its print view instead.
    const canManage = await bouncer.allows(hasPermission, 'vouchers.manage')
    const reply = await DataTableService.respond(request.qs(), {
      query: () => new VoucherBatchService().listQuery(),
      columns: [
        { data: 'id', orderable: true },
        { data: 'createdAt', column: 'created_at', orderable: true },
        { data: 'packageName', column: 'package_name', searchable: true, orderable: true },
        { data: 'quantity', orderable: true },
        { data: 'price', orderable: true },
        { data: 'status', orderable: true },
        { data: 'createdByName', column: 'created_by_name', searchable: true, orderable: true },
        { data: 'note', searchable: true },
      ],
      defaultOrder: { column: 'id', direction: 'desc' },
      serialize: (batch: VoucherBatch) => ({
        id: batch.id,
        createdAt: formatDateTime(batch.createdAt, tenant!.timezone, i18n.locale),
        packageName: batch.packageName,
        quantity: batch.quantity,
        price: formatMoney(batch.price),
        status: i18n.t(`vouchers.batch_statuses.${batch.disabledAt ? 'disabled' : batch.status}`),
        createdByName: batch.createdByName,
        note: batch.note ?? '',
        url: canManage ? `/vouchers/batches/${batch.id}` : `/vouchers/batches/${batch.id}/print`,
        print: i18n.t('vouchers.print'),
        printUrl: `/vouchers/batches/${batch.id}/print`,
      }),
    })
    return response.json(reply)
  }

  async create({ view, tenant }: HttpContext) {
    return view.render('pages/tenant/vouchers/create', {
      packages: await new PackageService().sellable(),
      templates: await VoucherTemplate.query().orderBy('name'),
      nas: await Nas.query().where('tenant_id', tenant!.id).orderBy('name'),
      charsets: CHARSET_NAMES,
    })
  }

  async store({ request, response, auth, tenant, i18n }: HttpContext) {
    const messages = scopedMessages(i18n, 'vouchers')
    const data = await request.validateUsing(voucherBatchValidator, { messagesProvider: messages })
    const user = auth.use('web').getUserOrFail()
    try {
      const batch = await new VoucherBatchService().start(
        {
          ...data,
          unusedExpiresAt: data.unusedUntil ? endOfDay(data.unusedUntil, tenant!.timezone) : null,
        },
        { id: user.id, name: user.fullName }
      )
      return response.redirect().toPath(`/vouchers/batches/${batch.id}/progress`)
    } catch (error) {
      if (!(error instanceof VoucherBatchError)) throw error
      throw ruleErrors(messages, [{ field: error.field, rule: error.code }])
    }
  }

  /** The progress page; it polls `status` until the batch is done or failed. */
  async progress({ params, view }: HttpContext) {
    return view.render('pages/tenant/vouchers/progress', {
      batch: await VoucherBatch.findOrFail(params.id),
    })
  }

  async status({ params, response }: HttpContext) {
    const batch = await VoucherBatch.findOrFail(params.id)
    return response.json({
      status: batch.status,
      generated: batch.generated,
      quantity: batch.quantity,
      progress: batch.percent,
      error: batch.error,
    })
  }

  async show({ params, view }: HttpContext) {
    const batch = await VoucherBatch.findOrFail(params.id)
    return view.render('pages/tenant/vouchers/show', {
      batch,
      counts: await new VoucherService().counts(batch),
      templates: await VoucherTemplate.query().orderBy('name'),
      designs: DESIGN_NAMES,
    })
  }

  async disable({ params, response, session, i18n }: HttpContext) {
    const batch = await VoucherBatch.findOrFail(params.id)
    const kicked = await new VoucherService().disable(batch)
    session.flash('success', i18n.t('vouchers.disabled_done', { count: kicked }))
    return response.redirect().toPath(`/vouchers/batches/${batch.id}`)
  }

  async enable({ params, response, session, i18n }: HttpContext) {
    const batch = await VoucherBatch.findOrFail(params.id)
    await new VoucherService().enable(batch)
    session.flash('success', i18n.t('vouchers.enabled_done'))
    return response.redirect().toPath(`/vouchers/batches/${batch.id}`)
  }

  async deleteUnused({ params, response, session, i18n }: HttpContext) {
    const batch = await VoucherBatch.findOrFail(params.id)
    const deleted = await new VoucherService().deleteUnused(batch)
    session.flash('success', i18n.t('vouchers.deleted_unused', { count: deleted }))
    return response.redirect().toPath(`/vouchers/batches/${batch.id}`)
  }

  /** The print view: A4 sheets (or a thermal roll) of one part of the batch. */
  async print({ params, request, view }: HttpContext) {
    const batch = await VoucherBatch.findOrFail(params.id)
    const options = await printOptionsValidator.validate(request.qs())
    const templates = new VoucherTemplateService()
    const template = toPrintTemplate(
      await templates.resolve(options.template ?? batch.templateId, options.design)
    )
    if (options.perPage) template.perPage = options.perPage
    const part = options.part ?? 1
    const vouchers = await new VoucherService()
      .listQuery(batch.id)
      .orderBy('id')
      .offset((part - 1) * PRINT_PART)
      .limit(PRINT_PART)
    const cards = await templates.cards(batch, template, vouchers)
    const layout = DESIGNS[template.design]
    const perSheet = layout.paper === 'thermal58' ? 1 : template.perPage
    return view.render('vouchers/print', {
      batch,
      template,
      layout,
      rows: Math.ceil(template.perPage / layout.columns),
      sheets: Array.from({ length: Math.ceil(cards.length / perSheet) }, (_, index) =>
        cards.slice(index * perSheet, (index + 1) * perSheet)
      ),
      part,
      parts: Math.max(1, Math.ceil(batch.generated / PRINT_PART)),
      urlOf: (changes: Record<string, unknown>, action = 'print') => {
        const query = new URLSearchParams()
        for (const [name, value] of Object.entries({ ...request.qs(), ...changes })) {
          if (value) query.set(name, String(value))
        }
        return `/vouchers/batches/${batch.id}/${action}?${query}`
      },
      templates: await VoucherTemplate.query().orderBy('name'),
      designs: DESIGN_NAMES,
    })
  }

  /** The whole batch as a PDF, streamed as it is drawn. */
  async pdf({ params, request, response, i18n }: HttpContext) {
    const batch = await VoucherBatch.findOrFail(params.id)
    const options = await printOptionsValidator.validate(request.qs())
    const template = toPrintTemplate(
      await new VoucherTemplateService().resolve(
        options.template ?? batch.templateId,
        options.design
      )
    )
    if (options.perPage) template.perPage = options.perPage
    const body = new PassThrough()
    response.header('content-type', 'application/pdf')
    response.header('content-disposition', `attachment; filename="vouchers-${batch.id}.pdf"`)
    response.stream(body)
    new VoucherPdfService()
      .write(batch, template, body, {
        code: i18n.t('vouchers.card.code'),
        username: i18n.t('vouchers.card.username'),
        password: i18n.t('vouchers.card.password'),
        validity: (value, unit) => i18n.t(`vouchers.card.units.${unit}`, { count: value }),
      })
      .catch((error) => {
        logger.error({ err: error, batchId: batch.id }, 'voucher PDF failed')
        body.destroy(error)
      })
  }
}

/** Vouchers in one print view: larger batches are printed in parts. */
const PRINT_PART = 1000
