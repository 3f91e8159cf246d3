import { inject } from '@adonisjs/core'
import logger from '@adonisjs/core/services/logger'
import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import Tenant from '#models/central/tenant'
import tenancy from '#tenancy/main'
import {
  CoaSenders,
  SessionCoaService,
  type SessionAction,
  type SessionTarget,
} from '#services/session_coa_service'

interface SessionCoaPayload {
  tenantId: number
  sessions: SessionTarget[]
  action: SessionAction
}

/**
 * Sends one batch of Disconnect / CoA requests queued by SessionCoaService (a kicked customer,
 * a package's new rate "applied to online users now"). Not retried: a session that ended in
 * the meantime answers NAK, and every exchange is in the tenant's coa_log.
 */
@inject()
export default class SessionCoaJob extends Job<SessionCoaPayload> {
  static options: JobOptions = { queue: 'default', maxRetries: 0, timeout: '2m' }

  constructor(protected senders: CoaSenders) {
    super()
  }

  async execute() {
    const coa = await this.senders.resolve()
    if (!coa) {
      throw new Error(
        'No CoA client is registered (container binding "radius.coa"): ' +
          'start the worker next to the RADIUS server'
      )
    }
    const tenant = await Tenant.find(this.payload.tenantId)
    if (!tenant) return
    const { sessions, action } = this.payload
    await tenancy.run(tenant, () => new SessionCoaService().send(coa, sessions, action))
  }

  /** Not retried: say why in the log, with what was not sent. */
  async failed(error: Error) {
    const { tenantId, sessions, action } = this.payload
    logger.error(
      { err: error, tenantId, action: action.kind, sessions: sessions.length },
      'session CoA batch not sent'
    )
  }
}
