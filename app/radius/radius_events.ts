/*
 * The internal event bus of the AAA layer: every accept/reject, session start/update/stop and
 * enforcement action is published here; the dashboard forwards them to browsers. Listeners run
 * synchronously after the database write is committed; a failing listener is logged and never
 * affects the RADIUS reply.
 */
import logger from '@adonisjs/core/services/logger'

/** Where and for whom something happened. */
export interface RadiusEventBase {
  tenantId: number
  username: string
  /** Central id of the NAS. */
  nasId: number
  at: Date
}

/** An Access-Request decided. `reason` is the human-readable reject (or isolir) reason. */
export interface AuthEvent extends RadiusEventBase {
  reason: string | null
  nasIpAddress: string | null
  callingStationId: string | null
  /** pap, chap, mschap-v1, mschap-v2; null when the request had no credentials we know. */
  method: string | null
}

/** Totals since the session began (Gigawords included). */
export interface SessionCounters {
  sessionTime: number
  inputOctets: number
  outputOctets: number
}

/** A session's accounting record changed. `reason` is Acct-Terminate-Cause on a stop. */
export interface SessionEvent extends RadiusEventBase {
  /** Acct-Session-Id. */
  sessionId: string
  /** radacct.acctuniqueid. */
  uniqueId: string
  counters: SessionCounters
  framedIpAddress: string | null
  callingStationId: string | null
  reason: string | null
}

/** What mid-session enforcement does. */
export type EnforcementAction = 'quota-disconnect' | 'fup-rate-limit' | 'expiry-disconnect'

/** A CoA/Disconnect sent (and its ACK/NAK), or its confirmation by accounting. */
export interface EnforcementEvent extends RadiusEventBase {
  sessionId: string
  uniqueId: string
  action: EnforcementAction
  reason: string
  /** ack, nak, timeout, error; for a confirmation: stop or interim. */
  result: string
}

/** Every event name and its payload. */
export interface RadiusEventMap {
  'auth.accepted': AuthEvent
  'auth.rejected': AuthEvent
  'session.started': SessionEvent
  'session.updated': SessionEvent
  'session.stopped': SessionEvent
  'enforcement.requested': EnforcementEvent
  'enforcement.confirmed': EnforcementEvent
}

/** An event name. */
export type RadiusEventName = keyof RadiusEventMap

type Listener<Name extends RadiusEventName> = (payload: RadiusEventMap[Name]) => void
type AnyListener = <Name extends RadiusEventName>(name: Name, payload: RadiusEventMap[Name]) => void

/** A typed, synchronous event bus. */
export class RadiusEventBus {
  #listeners = new Map<RadiusEventName, Set<Listener<any>>>()
  #anyListeners = new Set<AnyListener>()

  /** Subscribes to one event; returns the unsubscribe function. */
  on<Name extends RadiusEventName>(name: Name, listener: Listener<Name>): () => void {
    let listeners = this.#listeners.get(name)
    if (!listeners) this.#listeners.set(name, (listeners = new Set()))
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  /** Subscribes to every event (the dashboard's forwarder); returns the unsubscribe function. */
  onAny(listener: AnyListener): () => void {
    this.#anyListeners.add(listener)
    return () => this.#anyListeners.delete(listener)
  }

  /** Publishes an event to its listeners, then to the catch-all ones. */
  emit<Name extends RadiusEventName>(name: Name, payload: RadiusEventMap[Name]): void {
    for (const listener of this.#listeners.get(name) ?? [])
      this.#call(name, () => listener(payload))
    for (const listener of this.#anyListeners) this.#call(name, () => listener(name, payload))
  }

  #call(name: RadiusEventName, invoke: () => void): void {
    try {
      invoke()
    } catch (error) {
      logger.error({ err: error }, 'radius event listener for %s failed', name)
    }
  }
}

/** The process's bus. */
export const radiusEvents = new RadiusEventBus()
