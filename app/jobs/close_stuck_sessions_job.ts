import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { RadiusSessionSweepService } from '#services/radius_session_sweep_service'
import tenancy from '#tenancy/main'

/** Closes RADIUS sessions that went silent, in every active tenant (start/scheduler.ts). */
export default class CloseStuckSessionsJob extends Job<{ intervals?: number }> {
  static options: JobOptions = { queue: 'default', maxRetries: 0 }

  async execute() {
    const sweep = new RadiusSessionSweepService()
    await tenancy.forEachActiveTenant('Stuck-session sweep', () =>
      sweep.closeStuckSessions({ intervals: this.payload.intervals })
    )
  }
}
