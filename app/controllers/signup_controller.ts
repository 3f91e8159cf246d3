import type { HttpContext } from '@adonisjs/core/http'
import hash from '@adonisjs/core/services/hash'
import env from '#start/env'
import { signupValidator } from '#validators/signup_validator'
import {
  PROVISIONING_STEPS,
  TenantProvisioningService,
} from '#services/tenant_provisioning_service'
import ProvisioningRun from '#models/central/provisioning_run'

/** Public sign-up on the platform host: reserve the tenant, then watch its provisioning. */
export default class SignupController {
  async create({ view }: HttpContext) {
    return view.render('pages/signup/create', { appDomain: env.get('APP_DOMAIN') })
  }

  async store({ request, response }: HttpContext) {
    const data = await request.validateUsing(signupValidator)
    const run = await new TenantProvisioningService().register({
      businessName: data.businessName,
      subdomain: data.subdomain,
      customDomain: data.customDomain ?? undefined,
      email: data.email,
      ownerPasswordHash: await hash.make(data.password),
    })
    return response.redirect().toPath(`/signup/progress/${run.id}`)
  }

  /** The progress page; it polls `status` until the run is done or failed. */
  async progress({ params, view }: HttpContext) {
    const run = await ProvisioningRun.findOrFail(params.id)
    return view.render('pages/signup/progress', {
      run,
      steps: PROVISIONING_STEPS.map(([step]) => step),
      loginUrl: this.#loginUrl(run.slug),
    })
  }

  async status({ params, response }: HttpContext) {
    const run = await ProvisioningRun.findOrFail(params.id)
    return response.json({
      status: run.status,
      step: run.step,
      progress: run.progress,
      error: run.error,
      loginUrl: run.status === 'done' ? this.#loginUrl(run.slug) : null,
    })
  }

  #loginUrl(slug: string) {
    const appUrl = new URL(env.get('APP_URL'))
    return `${appUrl.protocol}//${slug}.${env.get('APP_DOMAIN')}${appUrl.port ? `:${appUrl.port}` : ''}/login`
  }
}
