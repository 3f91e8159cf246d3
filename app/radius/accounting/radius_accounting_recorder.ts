/*
 * The AccountingRecorder the server calls for every Accounting-Request of a tenant: one handler
 * per Acct-Status-Type, registered in one list. `record` resolves once the packet is stored
 * (the server replies only then, RFC 2866 §2) and rejects when it could not be, so the NAS
 * retransmits and nothing is lost. Events and mid-session enforcement follow the commit;
 * enforcement (which may wait for a NAS) runs in the background of the reply.
 */
import logger from '@adonisjs/core/services/logger'
import { EnforcementDispatcher } from '../enforcement/enforcement_dispatcher.js'
import { SessionEnforcer } from '../enforcement/session_enforcer.js'
import { radiusEvents, type RadiusEventBus } from '../radius_events.js'
import { tenantDb } from '../sql/tenant_db.js'
import type { AccountingRecorder, CoaSender, RadiusRequest } from '../types.js'
import type { AccountingHandler, AccountingOutcome } from './accounting_handler.js'
import { AccountingOnOffHandler } from './accounting_on_off_handler.js'
import { readAccountingRecord, type AccountingRecord } from './accounting_record.js'
import { InterimUpdateHandler } from './interim_update_handler.js'
import { StartHandler } from './start_handler.js'
import { StopHandler } from './stop_handler.js'

/** The accounting handlers, one per Acct-Status-Type (RFC 2866 §5.1). */
export const HANDLERS: readonly AccountingHandler[] = [
  new StartHandler(), // 1 Start
  new StopHandler(), // 2 Stop
  new InterimUpdateHandler(), // 3 Interim-Update
  new AccountingOnOffHandler(), // 7 Accounting-On, 8 Accounting-Off
]

/** What the recorder is built from. */
export interface RadiusAccountingRecorderOptions {
  /** Sends the Disconnect / CoA requests of mid-session enforcement. */
  coa: CoaSender
  events?: RadiusEventBus
  handlers?: readonly AccountingHandler[]
  clock?: () => Date
}

/** Stores Accounting-Requests in radacct, publishes them and enforces quota and FUP. */
export class RadiusAccountingRecorder implements AccountingRecorder {
  readonly #handlers = new Map<number, AccountingHandler>()
  readonly #events: RadiusEventBus
  readonly #enforcer: SessionEnforcer
  readonly #background = new Set<Promise<void>>()

  constructor(options: RadiusAccountingRecorderOptions) {
    for (const handler of options.handlers ?? HANDLERS) {
      for (const statusType of handler.statusTypes) this.#handlers.set(statusType, handler)
    }
    this.#events = options.events ?? radiusEvents
    const shared = { events: this.#events, ...(options.clock ? { clock: options.clock } : {}) }
    this.#enforcer = new SessionEnforcer(new EnforcementDispatcher(options.coa, shared), shared)
  }

  /** Stores one Accounting-Request; resolves after the commit, rejects on a database error. */
  async record(request: RadiusRequest): Promise<void> {
    const record = readAccountingRecord(request)
    const handler = this.#handlers.get(record.statusType)
    if (!handler) {
      // Nothing to store (e.g. Failed, 15): acknowledged so the NAS stops retransmitting.
      logger.debug('accounting status type %d ignored', record.statusType)
      return
    }
    const outcome = await handler.handle(record, tenantDb())
    this.#publish(request, record, outcome)
    this.#enforce(request, record)
  }

  /** Resolves once background enforcement of the packets recorded so far has finished. */
  async settled(): Promise<void> {
    while (this.#background.size > 0) await Promise.allSettled([...this.#background])
  }

  #publish(request: RadiusRequest, record: AccountingRecord, outcome: AccountingOutcome): void {
    const base = { tenantId: request.tenant.id, nasId: request.nas.id, at: record.eventTime }
    if (outcome.event) {
      this.#events.emit(outcome.event, {
        ...base,
        username: record.username,
        sessionId: record.acctSessionId,
        uniqueId: record.acctUniqueId,
        counters: {
          sessionTime: record.sessionTime,
          inputOctets: record.inputOctets,
          outputOctets: record.outputOctets,
        },
        framedIpAddress: record.framedIpAddress || null,
        callingStationId: record.callingStationId || null,
        reason: outcome.event === 'session.stopped' ? record.terminateCause || null : null,
      })
    }
    for (const session of outcome.closed?.sessions ?? []) {
      this.#events.emit('session.stopped', {
        ...base,
        username: session.username,
        sessionId: session.acctSessionId,
        uniqueId: session.acctUniqueId,
        counters: session.counters,
        framedIpAddress: session.framedIpAddress || null,
        callingStationId: session.callingStationId || null,
        reason: outcome.closed!.cause,
      })
    }
  }

  #enforce(request: RadiusRequest, record: AccountingRecord): void {
    const scope = { tenantId: request.tenant.id, nas: request.nas }
    let task: Promise<void>
    if (record.statusType === 3) task = this.#enforcer.afterInterim(record, scope)
    else if (record.statusType === 2) task = this.#enforcer.afterStop(record, scope)
    else return
    const tracked = task
      .catch((error) => logger.error({ err: error }, 'enforcement for %s failed', record.username))
      .finally(() => this.#background.delete(tracked))
    this.#background.add(tracked)
  }
}
