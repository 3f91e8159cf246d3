import { randomBytes } from 'node:crypto'
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** Demo accounts of the quick start; their passwords are new on every run and printed once. */
export const DEMO = {
  platformEmail: 'superadmin@radiusbilling.test',
  tenantSlug: 'demo',
  tenantName: 'Demo Net',
  ownerEmail: 'owner@demo.test',
}

/**
 * `node ace demo:seed`: a Super Admin and a demo tenant for the quick start. Creates what is
 * missing, gives both accounts fresh random passwords and prints them with the URLs.
 */
export default class DemoSeed extends BaseCommand {
  static commandName = 'demo:seed'
  static description = 'Create (or reset the passwords of) the demo Super Admin and the demo tenant'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { default: env } = await import('#start/env')
    const { default: hash } = await import('@adonisjs/core/services/hash')
    const { default: PlatformUser } = await import('#models/central/platform_user')
    const { default: Tenant } = await import('#models/central/tenant')
    const { default: User } = await import('#models/tenant/user')
    const { default: tenancy } = await import('#tenancy/main')
    const { PlatformRole } = await import('#enums/platform_role')
    const { TenantProvisioningService } = await import('#services/tenant_provisioning_service')

    const adminPassword = randomBytes(9).toString('base64url')
    const ownerPassword = randomBytes(9).toString('base64url')

    const admin = await PlatformUser.findBy('email', DEMO.platformEmail)
    if (admin) await admin.merge({ password: adminPassword, status: 'active' }).save()
    else
      await PlatformUser.create({
        fullName: 'Super Admin',
        email: DEMO.platformEmail,
        password: adminPassword,
        role: PlatformRole.SuperAdmin,
        status: 'active',
        locale: 'id',
        colorScheme: 'system',
        sessionEpoch: 0,
      })

    let tenant = await Tenant.findBy('slug', DEMO.tenantSlug)
    if (!tenant) {
      const service = new TenantProvisioningService()
      const run = await service.reserve({
        businessName: DEMO.tenantName,
        subdomain: DEMO.tenantSlug,
        email: DEMO.ownerEmail,
      })
      const done = await service.provision(run.id, {
        passwordHash: await hash.make(ownerPassword),
        name: DEMO.tenantName,
      })
      if (done.status !== 'done') {
        this.logger.error(`Could not create the demo tenant: ${done.error}`)
        this.exitCode = 1
        return
      }
      tenant = await Tenant.findByOrFail('slug', DEMO.tenantSlug)
    } else {
      await tenancy.run(tenant, async () => {
        const owner = await User.findByOrFail('email', DEMO.ownerEmail)
        await owner.merge({ password: ownerPassword, status: 'active' }).save()
      })
    }

    const url = new URL(env.get('APP_URL'))
    const port = url.port ? `:${url.port}` : ''
    this.ui
      .sticker()
      .add(`Platform console: ${url.protocol}//${env.get('APP_DOMAIN')}${port}/login`)
      .add(`  ${DEMO.platformEmail} / ${adminPassword}`)
      .add(
        `Demo tenant:      ${url.protocol}//${DEMO.tenantSlug}.${env.get('APP_DOMAIN')}${port}/login`
      )
      .add(`  ${DEMO.ownerEmail} / ${ownerPassword}`)
      .render()
  }
}
