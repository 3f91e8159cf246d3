/*
 * What the pipeline knows about one Access-Request while it runs: read from the request once,
 * filled in by the checkers (profile, isolation, validity, first-login writes), read by the
 * enhancers.
 */
import { stringAttribute, type OutgoingAttribute } from '../codec/index.js'
import type { RadiusRequest } from '../types.js'
import type { AuthProfile } from '../users/auth_profile.js'
import { stationId } from '../users/mac_address.js'
import type { RadiusUserRepository, Usage } from '../users/radius_user_repository.js'
import type { AuthMethod } from './validators/index.js'

/** The service a login is for: hotspot (Service-Type Login-User) or PPPoE (Framed-Protocol PPP). */
export type ServiceKind = 'hotspot' | 'pppoe' | 'unknown'

/** Writes made only if the login is accepted, in the transaction of its radpostauth row. */
export interface FirstLoginWrites {
  /** Rb-Access-Period row to turn into this Expiration. */
  validity?: { periodRowId: number; expiration: Date }
  /** Rb-Bind-Mac-On-First-Login row to turn into Calling-Station-Id == mac. */
  binding?: { flagRowId: number; mac: string }
}

// RFC 2865 §5.6 / §5.7: the values the `radius` package decodes to names (numbers if unnamed).
function serviceOf(request: RadiusRequest): ServiceKind {
  const { attributes } = request.packet
  const framedProtocol = attributes['Framed-Protocol']
  if (framedProtocol === 'PPP' || framedProtocol === 1) return 'pppoe'
  const serviceType = attributes['Service-Type']
  if (serviceType === 'Login-User' || serviceType === 1) return 'hotspot'
  return 'unknown'
}

/** State of one authorization. */
export class AuthContext {
  readonly request: RadiusRequest
  readonly repository: RadiusUserRepository
  readonly username: string
  readonly service: ServiceKind
  /** Calling-Station-Id normalised (AA:BB:CC:DD:EE:FF when it is a MAC). */
  readonly mac: string | null
  readonly now: Date
  /** The tenant's zone: Expiration values are local times in it. */
  readonly timezone: string
  /** Set by the password checker. */
  method: AuthMethod | null = null
  /** Reply attributes of the password validator (MS-CHAP2-Success, MPPE keys). */
  passwordReply: readonly OutgoingAttribute[] = []
  /** Accepted into the isolir profile instead of the user's own. */
  isolated = false
  /** End of validity, when limited. */
  validityEnd: Date | null = null
  firstLogin: FirstLoginWrites = {}
  #profile: AuthProfile | null = null
  #usage: Promise<Usage> | undefined

  constructor(request: RadiusRequest, repository: RadiusUserRepository, now: Date) {
    this.request = request
    this.repository = repository
    this.now = now
    this.username = stringAttribute(request.packet.attributes, 'User-Name') ?? ''
    this.service = serviceOf(request)
    this.mac = stationId(stringAttribute(request.packet.attributes, 'Calling-Station-Id'))
    this.timezone = request.tenant.timezone || 'UTC'
  }

  /** The user's profile; only after the user-exists checker ran. */
  get profile(): AuthProfile {
    if (!this.#profile) throw new Error('the user profile is read before the user-exists checker')
    return this.#profile
  }

  set profile(profile: AuthProfile) {
    this.#profile = profile
  }

  /** Usage totals, read once and only when a quota or FUP needs them. */
  usage(): Promise<Usage> {
    this.#usage ??= this.repository.usage(this.username)
    return this.#usage
  }
}
