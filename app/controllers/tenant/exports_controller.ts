import { PassThrough } from 'node:stream'
import type { HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'
import vine from '@vinejs/vine'
import { hasPermission } from '#abilities/main'
import type { TenantPermission } from '#abilities/permissions'
import { EXPORT_KINDS, ExcelExportService, type ExportKind } from '#services/excel_export_service'

/** Who may export what: the permission that manages it. */
const PERMISSION: Record<ExportKind, TenantPermission> = {
  customers: 'customers.manage',
  vouchers: 'vouchers.manage',
  packages: 'packages.manage',
}

const exportValidator = vine.create({
  kind: vine.enum(EXPORT_KINDS),
  format: vine.enum(['xlsx', 'csv'] as const),
  batch: vine.number().withoutDecimals().positive().optional(),
})

/** The import / export page, and downloads of customers, vouchers and packages. */
export default class ExportsController {
  async index({ view, bouncer }: HttpContext) {
    const allowed: ExportKind[] = []
    for (const kind of EXPORT_KINDS) {
      if (await bouncer.allows(hasPermission, PERMISSION[kind])) allowed.push(kind)
    }
    if (allowed.length === 0) await bouncer.authorize(hasPermission, 'vouchers.manage')
    const canImport = await bouncer.allows(hasPermission, 'customers.manage')
    return view.render('pages/tenant/vouchers/data', { kinds: allowed, canImport })
  }

  /** Streams the file as it is written (xlsx rows are committed one by one). */
  async download({ params, request, response, bouncer }: HttpContext) {
    const { kind, format, batch } = await exportValidator.validate({ ...params, ...request.qs() })
    await bouncer.authorize(hasPermission, PERMISSION[kind])
    const body = new PassThrough()
    const day = new Date().toISOString().slice(0, 10)
    const name = `${kind}${batch ? `-batch-${batch}` : ''}-${day}.${format}`
    response.header(
      'content-type',
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    )
    response.header('content-disposition', `attachment; filename="${name}"`)
    response.stream(body)
    new ExcelExportService().write(kind, format, body, batch).catch((error) => {
      logger.error({ err: error, kind }, 'export failed')
      body.destroy(error)
    })
  }
}
