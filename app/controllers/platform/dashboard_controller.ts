import type { HttpContext } from '@adonisjs/core/http'
import Tenant from '#models/central/tenant'

/** Cloud Manager home: tenant counts by status. */
export default class DashboardController {
  async show({ view }: HttpContext) {
    const rows = await Tenant.query().select('status').count('* as total').groupBy('status')
    const counts = Object.fromEntries(rows.map((row) => [row.status, Number(row.$extras.total)]))
    return view.render('pages/platform/dashboard', { counts })
  }
}
