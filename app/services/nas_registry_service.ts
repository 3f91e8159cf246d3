import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Nas from '#models/central/nas'
import type Tenant from '#models/central/tenant'
import { normalizeIpAddress } from '#radius/nas_registry'

/** Why a NAS change was refused. */
export type NasRegistryErrorCode =
  'E_NAS_UNKNOWN' | 'E_NAS_INVALID_ADDRESS' | 'E_NAS_DUPLICATE' | 'E_NAS_SECRET_REUSED'

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
}

/**
 * Adds, changes and removes NAS. Each change and the bump of the `nas` registry version are one
 * transaction, so every RADIUS process picks the change up on its next poll (≤ 1 s).
 */
export class NasRegistryService {
  /** Register a router for a tenant. */
  static async create(tenant: Tenant, input: NasInput): Promise<Nas> {
    return db.transaction(async (trx) => {
      const fields = await this.#validated(trx, input)
      const nas = await Nas.create({ ...fields, tenantId: tenant.id }, { client: trx })
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
        requireMessageAuthenticator: Boolean(nas.requireMessageAuthenticator),
        ...changes,
      }
      const fields = await this.#validated(trx, merged, nas.id)
      await nas.merge(fields).save()
      await this.bumpVersion(trx)
      return nas
    })
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
    }
  }
}
