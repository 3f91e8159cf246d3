import type { HttpContext } from '@adonisjs/core/http'

/** The tenant's home after login; filled by the monitoring and billing issues. */
export default class DashboardController {
  async show({ view }: HttpContext) {
    return view.render('pages/tenant/dashboard')
  }
}
