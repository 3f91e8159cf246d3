import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace tenant:migrate --tenant=slug` or `--all`: apply tenant migrations. */
export default class TenantMigrate extends BaseCommand {
  static commandName = 'tenant:migrate'
  static description =
    'Run pending tenant migrations for one tenant (--tenant=slug) or every tenant (--all)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Slug of the tenant to migrate' })
  declare tenant?: string

  @flags.boolean({ description: 'Migrate every tenant' })
  declare all?: boolean

  async run() {
    const { default: Tenant } = await import('#models/central/tenant')
    const { default: tenancy } = await import('#tenancy/main')
    if (!this.tenant && !this.all) {
      this.logger.error('Pass --tenant=<slug> or --all')
      this.exitCode = 1
      return
    }
    const tenants = this.all
      ? await Tenant.query().whereNot('status', 'provisioning').orderBy('id')
      : await Tenant.query().where('slug', this.tenant!)
    if (!tenants.length) {
      this.logger.error(`Tenant "${this.tenant}" does not exist`)
      this.exitCode = 1
      return
    }
    for (const [index, tenant] of tenants.entries()) {
      try {
        const files = await tenancy.migrate(tenant)
        this.logger.success(
          `[${index + 1}/${tenants.length}] ${tenant.slug}: ${files.length ? files.length + ' migration(s) run' : 'up to date'}`
        )
      } catch (error) {
        this.logger.error(
          `[${index + 1}/${tenants.length}] ${tenant.slug}: ${(error as Error).message}`
        )
        this.exitCode = 1
      }
    }
  }
}
