import type { HttpContext } from '@adonisjs/core/http'

/** Customer (Client role) portal: a placeholder until the billing issue fills it. */
export default class PortalController {
  async show({ view }: HttpContext) {
    return view.render('pages/portal/home')
  }
}
