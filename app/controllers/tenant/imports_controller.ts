import { randomUUID } from 'node:crypto'
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import app from '@adonisjs/core/services/app'
import { ExcelImportService, importable, ImportRefusedError } from '#services/excel_import_service'
import { csvField } from '#services/excel_export_service'
import { CUSTOMER_COLUMNS, customerImportValidator } from '#validators/excel_import_validator'

/** Errors listed on the preview page; all of them are in the downloadable report. */
const SHOWN_ERRORS = 500

/**
 * Customer import: upload (kept under storage/imports/<tenant uid>/ until imported or
 * dropped), dry-run preview listing every problem, then the all-or-nothing import.
 */
export default class ImportsController {
  async store({ request, response, tenant }: HttpContext) {
    const { file } = await request.validateUsing(customerImportValidator)
    const token = randomUUID()
    await mkdir(folderOf(tenant!.uid), { recursive: true })
    await file.move(folderOf(tenant!.uid), { name: `${token}.${file.extname}` })
    return response.redirect().toPath(`/imports/customers/${token}`)
  }

  /** The dry run: what would be imported, and every problem found. */
  async show({ params, view, tenant }: HttpContext) {
    const upload = await uploadOf(tenant!.uid, params.token)
    const report = await new ExcelImportService().check(upload.path, upload.format)
    return view.render('pages/tenant/vouchers/import_preview', {
      token: params.token,
      report,
      ok: importable(report),
      shownErrors: report.errors.slice(0, SHOWN_ERRORS),
      sample: report.customers.slice(0, 20),
      expectedColumns: CUSTOMER_COLUMNS.join(', '),
    })
  }

  /** Every problem as CSV: row, column, problem, value. */
  async errors({ params, response, tenant, i18n }: HttpContext) {
    const upload = await uploadOf(tenant!.uid, params.token)
    const report = await new ExcelImportService().check(upload.path, upload.format)
    const lines = report.errors.map((error) =>
      [error.row, error.column, i18n.t(`imports.rules.${error.rule}`), error.value]
        .map(csvField)
        .join(',')
    )
    response.header('content-type', 'text/csv; charset=utf-8')
    response.header('content-disposition', 'attachment; filename="import-errors.csv"')
    return `\uFEFFrow,column,problem,value\r\n${lines.join('\r\n')}\r\n`
  }

  async import({ params, response, session, tenant, auth, i18n }: HttpContext) {
    const upload = await uploadOf(tenant!.uid, params.token)
    try {
      const count = await new ExcelImportService().import(
        upload.path,
        upload.format,
        auth.use('web').getUserOrFail().id
      )
      await rm(upload.path, { force: true })
      session.flash('success', i18n.t('imports.imported', { count }))
      return response.redirect().toPath('/customers')
    } catch (error) {
      if (!(error instanceof ImportRefusedError)) throw error
      session.flash('error', i18n.t('imports.refused'))
      return response.redirect().toPath(`/imports/customers/${params.token}`)
    }
  }

  async destroy({ params, response, tenant }: HttpContext) {
    const upload = await uploadOf(tenant!.uid, params.token)
    await rm(upload.path, { force: true })
    return response.redirect().toPath('/exports')
  }
}

function folderOf(tenantUid: string) {
  return app.makePath('storage/imports', tenantUid)
}

/** The uploaded file of `token` (a UUID: the route only matches those). */
async function uploadOf(tenantUid: string, token: string) {
  const files = await readdir(folderOf(tenantUid)).catch(() => [])
  const name = files.find((file) => file.startsWith(`${token}.`))
  if (!name) {
    throw new Exception('This upload is gone: upload the file again', {
      status: 404,
      code: 'E_IMPORT_NOT_FOUND',
    })
  }
  return {
    path: join(folderOf(tenantUid), name),
    format: name.endsWith('.csv') ? ('csv' as const) : ('xlsx' as const),
  }
}
