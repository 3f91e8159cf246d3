import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Nas, { type NasInterfaceRate } from '#models/central/nas'
import type Tenant from '#models/central/tenant'
import { ALPHANUMERIC_UNAMBIGUOUS, randomText } from '#helpers/random_text'
import type { DeviceNas } from '#plugins/contracts/device_driver'
import { normalizeIpAddress } from '#radius/nas_registry'

/** Why a NAS change was refused. */
export type NasRegistryErrorCode =
  | 'E_NAS_UNKNOWN'
  | 'E_NAS_INVALID_ADDRESS'
  | 'E_NAS_DUPLICATE'
  | 'E_NAS_SECRET_REUSED'
  | 'E_NAS_LIMIT'

/** A refused NAS change, with a message an operator can act on. */
export class NasRegistryError extends Error {
  constructor(
    message: string,
    readonly code: NasRegistryErrorCode
  ) {
    super(message)
    this.name = 'NasRegistryError'
  }
}

/** RouterOS API access as entered; a missing password keeps the stored one. */
export interface NasApiInput {
  host: string
  /** Empty: the driver's default (8728, or 8729 with TLS). */
  port?: number | null
  username: string
  password?: string
  tls?: boolean
}

/** What describes a NAS; omitted optional fields keep their defaults (or current values). */
export interface NasInput {
  name: string
  type?: Nas['type']
  /** Source address of its RADIUS packets, IPv4 or IPv6. */
  ipAddress: string
  /** NAS-Identifier, needed when several routers share one public IP. */
  identifier?: string | null
  secret: string
  authPort?: number
  acctPort?: number
  coaPort?: number
  requireMessageAuthenticator?: boolean
  /** Device plugin name; `radius` when left out. */
  driver?: string
  /** RouterOS API access; null removes it. */
  routerApi?: NasApiInput | null
  /** The router connects through the platform's WireGuard tunnel. */
  wireguard?: boolean
}

/** What a status check found, as the NAS list and page show it. */
export interface NasStatusRecord {
  status: Nas['lastStatus']
  reason: string
  /** Latest sign of life, when there was one. */
  contactAt: Date | null
  /** Router details; null leaves the version and board known so far. */
  router: {
    version: string | null
    board: string | null
    uptimeSeconds: number | null
    cpuLoad: number | null
    freeMemory: number | null
    totalMemory: number | null
    interfaces: NasInterfaceRate[]
  } | null
}

/**
 * A strong shared secret: 32 characters drawn by crypto from an alphabet without look-alikes
 * (about 186 bits), safe to type into any router UI and needing no escaping anywhere.
 */
export function generateSecret(length = 32): string {
  return randomText(ALPHANUMERIC_UNAMBIGUOUS, length)
}

/**
 * The plan's router limit. Every NAS a tenant may add passes here; the SaaS billing issue
 * decides it from the tenant's plan.
 */
export const NasLimitPolicy = {
  /** Whether `tenant` may register one more NAS. */
  async canAdd(_tenant: Tenant): Promise<boolean> {
    return true
  },
}

/** A NAS row as device drivers see it: secrets decrypted, API access when configured. */
export function toDeviceNas(nas: Nas): DeviceNas {
  return {
    ...nas.toEntry(),
    lastSeenAt: nas.lastSeenAt?.toJSDate() ?? null,
    routerApi:
      nas.apiHost && nas.apiUsername
        ? {
            host: nas.apiHost,
            // 0: the driver picks its default port.
            port: nas.apiPort ?? 0,
            username: nas.apiUsername,
            password: nas.apiPassword ?? '',
            tls: nas.apiTls,
          }
        : null,
  }
}

/**
 * Adds, changes and removes NAS. Each change and the bump of the `nas` registry version are one
 * transaction, so every RADIUS process picks the change up on its next poll (≤ 1 s).
 */
export class NasRegistryService {
  /** Register a router for a tenant. */
  static async create(tenant: Tenant, input: NasInput): Promise<Nas> {
    if (!(await NasLimitPolicy.canAdd(tenant))) {
      throw new NasRegistryError(
        'Your plan allows no more routers: upgrade the plan or remove a NAS first',
        'E_NAS_LIMIT'
      )
    }
    return db.transaction(async (trx) => {
      const fields = await this.#validated(trx, input)
      const api = input.routerApi ? apiFields(null, input.routerApi) : {}
      const nas = await Nas.create({ ...fields, ...api, tenantId: tenant.id }, { client: trx })
      await this.bumpVersion(trx)
      return nas
    })
  }

  /** Change a router; fields left out of `changes` stay as they are. */
  static async update(nasId: number, changes: Partial<NasInput>): Promise<Nas> {
    return db.transaction(async (trx) => {
      const nas = await Nas.find(nasId, { client: trx })
      if (!nas) throw this.#unknown(nasId)
      const merged: NasInput = {
        name: nas.name,
        type: nas.type,
        ipAddress: nas.ipAddress ?? '',
        identifier: nas.identifier,
        secret: nas.secret,
        authPort: nas.authPort,
        acctPort: nas.acctPort,
        coaPort: nas.coaPort,
        requireMessageAuthenticator: nas.requireMessageAuthenticator,
        driver: nas.driver,
        wireguard: nas.wireguard,
        ...changes,
      }
      const fields = await this.#validated(trx, merged, nas.id)
      const api = changes.routerApi === undefined ? {} : apiFields(nas, changes.routerApi)
      await nas.merge({ ...fields, ...api }).save()
      await this.bumpVersion(trx)
      return nas
    })
  }

  /** A new generated secret for a router, in force within a poll; returns it (shown once). */
  static async rotateSecret(nasId: number): Promise<string> {
    const secret = generateSecret()
    await this.update(nasId, { secret })
    return secret
  }

  /** Store what a status check found. Routing does not depend on it: no version bump. */
  static async recordStatus(nasId: number, found: NasStatusRecord): Promise<Nas | null> {
    const nas = await Nas.find(nasId)
    if (!nas) return null
    const router = found.router
    nas.merge({
      lastStatus: found.status,
      lastStatusAt: DateTime.now(),
      lastStatusReason: found.reason.slice(0, 255),
      // What the router is stays known while it is offline; how it is doing does not.
      routerVersion: router?.version ?? nas.routerVersion,
      routerBoard: router?.board ?? nas.routerBoard,
      routerUptimeSeconds: router?.uptimeSeconds ?? null,
      routerCpuLoad: router?.cpuLoad ?? null,
      routerFreeMemory: router?.freeMemory ?? null,
      routerTotalMemory: router?.totalMemory ?? null,
      interfaceRates: router?.interfaces ?? [],
    })
    const contact = found.contactAt ? DateTime.fromJSDate(found.contactAt) : null
    if (contact && (!nas.lastContactAt || contact > nas.lastContactAt)) nas.lastContactAt = contact
    await nas.save()
    return nas
  }

  /** Remove a router: the RADIUS server stops answering it within a poll. */
  static async remove(nasId: number): Promise<void> {
    await db.transaction(async (trx) => {
      const nas = await Nas.find(nasId, { client: trx })
      if (!nas) throw this.#unknown(nasId)
      await nas.delete()
      await this.bumpVersion(trx)
    })
  }

  /**
   * Tells the RADIUS processes to reload the registry (inside the caller's transaction). Also
   * called when a tenant's status changes, since NAS routing carries the tenant.
   */
  static async bumpVersion(trx: TransactionClientContract): Promise<void> {
    await trx.from('registry_versions').where('name', 'nas').increment('version', 1)
  }

  static #unknown(nasId: number) {
    return new NasRegistryError(`NAS #${nasId} does not exist (already removed?)`, 'E_NAS_UNKNOWN')
  }

  static async #validated(trx: TransactionClientContract, input: NasInput, selfId?: number) {
    const ipAddress = normalizeIpAddress(input.ipAddress)
    if (!ipAddress) {
      throw new NasRegistryError(
        `"${input.ipAddress}" is not an IPv4 or IPv6 address`,
        'E_NAS_INVALID_ADDRESS'
      )
    }
    const identifier = input.identifier?.trim() || null
    const sameAddress = await Nas.query({ client: trx }).where('ip_address', ipAddress)
    const siblings = sameAddress.filter((other) => other.id !== selfId)
    if (siblings.some((other) => (other.identifier ?? null) === identifier)) {
      throw new NasRegistryError(
        identifier
          ? `A NAS with address ${ipAddress} and NAS-Identifier "${identifier}" already exists`
          : `A NAS with address ${ipAddress} already exists; give each router behind it its NAS-Identifier`,
        'E_NAS_DUPLICATE'
      )
    }
    // Routers behind one address are told apart by the secret that verifies their packets.
    if (siblings.some((other) => other.secret === input.secret)) {
      throw new NasRegistryError(
        `Another router at ${ipAddress} uses the same shared secret; each needs its own`,
        'E_NAS_SECRET_REUSED'
      )
    }
    return {
      name: input.name,
      type: input.type ?? 'mikrotik',
      ipAddress,
      identifier,
      secret: input.secret,
      authPort: input.authPort ?? 1812,
      acctPort: input.acctPort ?? 1813,
      coaPort: input.coaPort ?? 3799,
      requireMessageAuthenticator: input.requireMessageAuthenticator ?? true,
      driver: input.driver ?? 'radius',
      wireguard: input.wireguard ?? false,
    }
  }
}

/** Columns of the RouterOS API access; a blank password keeps the stored one. */
function apiFields(current: Nas | null, api: NasApiInput | null) {
  if (!api) {
    return { apiHost: null, apiPort: null, apiUsername: null, apiPassword: null, apiTls: false }
  }
  return {
    apiHost: api.host,
    apiPort: api.port ?? null,
    apiUsername: api.username,
    apiPassword: api.password ?? current?.apiPassword ?? null,
    apiTls: api.tls ?? false,
  }
}
