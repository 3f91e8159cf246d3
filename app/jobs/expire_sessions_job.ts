import app from '@adonisjs/core/services/app'
import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import type { CoaSender } from '#radius/types'
import { RadiusSessionSweepService } from '#services/radius_session_sweep_service'

// The container binding of the CoA client (COA_BINDING in providers/plugins_provider.ts).
const COA_BINDING = 'radius.coa'

/**
 * Disconnects sessions whose user's validity ended mid-session, in every active tenant
 * (start/scheduler.ts). Needs the CoA client bound in the container of the worker process.
 */
export default class ExpireSessionsJob extends Job<Record<string, never>> {
  static options: JobOptions = { queue: 'default', maxRetries: 0 }

  async execute() {
    if (!app.container.hasBinding(COA_BINDING)) {
      throw new Error(
        `No CoA client is registered (container binding "${COA_BINDING}"): ` +
          'expired sessions cannot be disconnected'
      )
    }
    const coa = (await app.container.make(COA_BINDING)) as CoaSender
    const sweep = new RadiusSessionSweepService()
    await sweep.forEveryActiveTenant(() => sweep.disconnectExpiredSessions(coa))
  }
}
