import type { HttpContext } from '@adonisjs/core/http'
import Nas from '#models/central/nas'
import {
  createNas,
  findTenantNas,
  formOptions,
  nasDetails,
} from '#controllers/tenant/nas_controller'

/**
 * The first-login wizard (nas.manage): add the first router, paste its script, start selling.
 * The dashboard asks `state` whether to offer it.
 */
export default class OnboardingController {
  async show(ctx: HttpContext) {
    return ctx.view.render('pages/tenant/onboarding/add_nas', formOptions(ctx))
  }

  async store(ctx: HttpContext) {
    const nas = await createNas(ctx)
    if (!nas) return ctx.response.redirect().toPath('/dashboard')
    return ctx.response.redirect().toPath(`/onboarding/nas/${nas.id}`)
  }

  /** Step 2: the secret (once) and the script, with the router's status so far. */
  async script(ctx: HttpContext) {
    const nas = await findTenantNas(ctx)
    return ctx.view.render('pages/tenant/onboarding/script', await nasDetails(ctx, nas))
  }

  /** Whether the tenant still has to add its first router. */
  async state({ response, tenant }: HttpContext) {
    const first = await Nas.query().where('tenant_id', tenant!.id).select('id').first()
    return response.json({ needsNas: first === null })
  }
}
