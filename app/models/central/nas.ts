import { DateTime } from 'luxon'
import encryption from '@adonisjs/core/services/encryption'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import type { NasEntry } from '#radius/types'
import Tenant from './tenant.js'

/** SQLite answers booleans as 0/1. */
const toBoolean = (value: unknown) => Boolean(value)
/** Big integers may come back as strings. */
const toNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value))

/** Traffic of one router interface, bits per second. */
export interface NasInterfaceRate {
  name: string
  rxBps: number
  txBps: number
}

/** A router registered with the RADIUS server (central: it routes packets to tenants). */
export default class Nas extends BaseModel {
  static table = 'nas'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare tenantId: number

  @belongsTo(() => Tenant)
  declare tenant: BelongsTo<typeof Tenant>

  @column()
  declare name: string

  @column()
  declare type: 'mikrotik' | 'unifi' | 'openwrt' | 'other'

  @column()
  declare ipAddress: string | null

  @column()
  declare identifier: string | null

  /** Sealed with APP_KEY at rest. */
  @column({
    serializeAs: null,
    prepare: (value: string) => encryption.encrypt(value),
    consume: (value: string) => encryption.decrypt<string>(value),
  })
  declare secret: string

  @column()
  declare authPort: number

  @column()
  declare acctPort: number

  @column()
  declare coaPort: number

  @column({ consume: toBoolean })
  declare requireMessageAuthenticator: boolean

  @column.dateTime()
  declare lastSeenAt: DateTime | null

  /** Device plugin that drives it (plugin registry name). */
  @column()
  declare driver: string

  /** RouterOS API access; set when the operator filled it in. */
  @column()
  declare apiHost: string | null

  @column()
  declare apiPort: number | null

  @column()
  declare apiUsername: string | null

  /** Sealed with APP_KEY at rest; never sent back to a form. */
  @column({
    serializeAs: null,
    prepare: (value: string | null) => (value === null ? null : encryption.encrypt(value)),
    consume: (value: string | null) => (value === null ? null : encryption.decrypt<string>(value)),
  })
  declare apiPassword: string | null

  @column({ consume: toBoolean })
  declare apiTls: boolean

  /** Reaches the platform through a WireGuard tunnel; `ipAddress` is its tunnel address. */
  @column({ consume: toBoolean })
  declare wireguard: boolean

  @column()
  declare lastStatus: 'online' | 'offline' | 'unknown'

  @column.dateTime()
  declare lastStatusAt: DateTime | null

  @column()
  declare lastStatusReason: string | null

  /** Latest sign of life seen by the status job (RADIUS, accounting or API). */
  @column.dateTime()
  declare lastContactAt: DateTime | null

  @column()
  declare routerVersion: string | null

  @column()
  declare routerBoard: string | null

  @column({ consume: toNumber })
  declare routerUptimeSeconds: number | null

  @column({ consume: toNumber })
  declare routerCpuLoad: number | null

  @column({ consume: toNumber })
  declare routerFreeMemory: number | null

  @column({ consume: toNumber })
  declare routerTotalMemory: number | null

  /** Interface traffic of the last health check, bits per second. */
  @column({
    prepare: (value: NasInterfaceRate[] | null) => (value === null ? null : JSON.stringify(value)),
    consume: (value: string | null) => (value ? (JSON.parse(value) as NasInterfaceRate[]) : []),
  })
  declare interfaceRates: NasInterfaceRate[]

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  /** The NAS as the RADIUS server and the CoA client know it (secret decrypted). */
  toEntry(): NasEntry {
    return {
      id: this.id,
      tenantId: this.tenantId,
      name: this.name,
      type: this.type,
      ipAddress: this.ipAddress,
      identifier: this.identifier ?? null,
      secret: this.secret,
      coaPort: this.coaPort,
      requireMessageAuthenticator: this.requireMessageAuthenticator,
    }
  }
}
