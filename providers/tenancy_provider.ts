import type { ApplicationService } from '@adonisjs/core/types'
import type { TenancyConfig } from '#tenancy/types'
import { TenancyManager } from '#tenancy/tenancy_manager'

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    tenancy: TenancyManager
  }
}

/** Registers the tenancy manager and closes tenant connections on shutdown. */
export default class TenancyProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('tenancy', () => {
      return new TenancyManager(this.app.config.get<TenancyConfig>('tenancy'))
    })
  }

  async shutdown() {
    const tenancy = await this.app.container.make('tenancy')
    await tenancy.releaseAll()
  }
}
