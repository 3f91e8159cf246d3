import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace tenant:backup --tenant=slug`: back up one tenant's database on its own. */
export default class TenantBackup extends BaseCommand {
  static commandName = 'tenant:backup'
  static description = "Write a backup of one tenant's database (or --all) under storage/backups"
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Slug of the tenant' })
  declare tenant?: string

  @flags.boolean({ description: 'Back up every active or suspended tenant' })
  declare all?: boolean

  async run() {
    const { default: Tenant } = await import('#models/central/tenant')
    const { default: tenancy } = await import('#tenancy/main')
    const tenants = this.all
      ? await Tenant.query().whereNot('status', 'provisioning')
      : await Tenant.query().where('slug', this.tenant ?? '')
    if (!tenants.length) {
      this.logger.error('No such tenant: pass --tenant=<slug> or --all')
      this.exitCode = 1
      return
    }
    for (const tenant of tenants) {
      try {
        this.logger.success(`${tenant.slug}: ${await tenancy.backup(tenant)}`)
      } catch (error) {
        this.logger.error(`${tenant.slug}: ${(error as Error).message}`)
        this.exitCode = 1
      }
    }
  }
}
