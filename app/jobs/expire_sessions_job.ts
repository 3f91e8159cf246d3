import app from '@adonisjs/core/services/app'
import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { RadiusSessionSweepService } from '#services/radius_session_sweep_service'
import tenancy from '#tenancy/main'

/**
 * Disconnects sessions whose user's validity ended mid-session, in every active tenant
 * (start/scheduler.ts), through the process's CoA client (providers/radius_provider.ts).
 */
export default class ExpireSessionsJob extends Job<Record<string, never>> {
  static options: JobOptions = { queue: 'default', maxRetries: 0 }

  async execute() {
    const coa = await app.container.make('radius.coa')
    const sweep = new RadiusSessionSweepService()
    await tenancy.forEachActiveTenant('Session expiry sweep', () =>
      sweep.disconnectExpiredSessions(coa)
    )
  }
}
