import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace domains:verify`: check every custom domain's CNAME now. */
export default class DomainsVerify extends BaseCommand {
  static commandName = 'domains:verify'
  static description = 'Check the CNAME of every custom domain and record which ones serve'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { DomainVerificationService } = await import('#services/domain_verification_service')
    const { checked, verified } = await new DomainVerificationService().verifyAll()
    this.logger.success(`${verified} of ${checked} custom domain(s) verified`)
  }
}
