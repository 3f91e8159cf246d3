import type { ApplicationService } from '@adonisjs/core/types'
import type { CoaSender } from '#radius/types'

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    /** The process's CoA/Disconnect client (one socket pair, one identifier space per NAS). */
    'radius.coa': CoaSender
  }
}

/**
 * Registers the CoA client used by jobs (expiry sweep, package changes), the radius device
 * plugin and the "kick" actions, and closes its sockets on shutdown.
 */
export default class RadiusProvider {
  #coa?: { close(): Promise<void> }

  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('radius.coa', async () => {
      const { CoaClient } = await import('#radius/coa/coa_client')
      const client = new CoaClient()
      this.#coa = client
      return client
    })
  }

  async shutdown() {
    await this.#coa?.close()
  }
}
