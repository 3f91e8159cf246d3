import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace tenant:create`: the sign-up flow from the command line, with progress. */
export default class TenantCreate extends BaseCommand {
  static commandName = 'tenant:create'
  static description = 'Create (provision) a tenant: database, tables, roles, Owner, subdomain'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Subdomain / slug, e.g. myisp', required: true })
  declare slug: string

  @flags.string({ description: 'Business name', required: true })
  declare name: string

  @flags.string({ description: 'Owner e-mail', required: true })
  declare email: string

  @flags.string({ description: 'Owner password (min 8 characters)', required: true })
  declare password: string

  async run() {
    const { default: hash } = await import('@adonisjs/core/services/hash')
    const { signupValidator } = await import('#validators/signup_validator')
    const { TenantProvisioningService } = await import('#services/tenant_provisioning_service')
    const { errors } = await import('@vinejs/vine')
    try {
      const data = await signupValidator.validate({
        businessName: this.name,
        subdomain: this.slug,
        email: this.email,
        password: this.password,
      })
      const service = new TenantProvisioningService({
        beforeStep: (step) => this.logger.info(`… ${step}`),
      })
      const passwordHash = await hash.make(data.password)
      const reserved = await service.reserve(data)
      const run = await service.provision(reserved.id, { passwordHash, name: data.businessName })
      if (run.status !== 'done') {
        this.logger.error(`Provisioning failed at ${run.error}; everything it created was removed`)
        this.exitCode = 1
        return
      }
      this.logger.success(`Tenant "${data.subdomain}" is ready`)
    } catch (error) {
      if (error instanceof errors.E_VALIDATION_ERROR) {
        for (const message of error.messages)
          this.logger.error(`${message.field}: ${message.message}`)
        this.exitCode = 1
        return
      }
      throw error
    }
  }
}
