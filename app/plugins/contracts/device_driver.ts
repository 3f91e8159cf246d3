/*
 * How a package or a customer reaches a router. One driver instance serves one tenant (built with
 * its settings); every call names the NAS it is about through the DeviceContext.
 */
import type { NasEntry } from '#radius/types'
import type { PluginSettings } from './manifest.js'

/** RouterOS API access of a NAS, when the operator configured it (api/api-ssl service). */
export interface RouterApiAccess {
  host: string
  port: number
  username: string
  password: string
  tls?: boolean
}

/** A NAS as a device driver sees it: the central `nas` row, secrets decrypted. */
export interface DeviceNas extends NasEntry {
  /** Last RADIUS packet seen from it. */
  lastSeenAt?: Date | null
  /** Set only when the NAS has RouterOS API credentials. */
  routerApi?: RouterApiAccess | null
}

/** What every driver call receives: the NAS it acts on and the tenant's plugin settings. */
export interface DeviceContext<S extends PluginSettings = PluginSettings> {
  nas: DeviceNas
  settings: S
}

/** How a customer connects: a hotspot login or a PPPoE secret. */
export type DeviceService = 'hotspot' | 'pppoe'

/** Bandwidth limit in bits per second; upload is customer → router (RouterOS "rx"). */
export interface RateLimit {
  uploadBps: number
  downloadBps: number
  /** Burst above the rate while the average stays under the threshold for `timeSeconds`. */
  burst?: {
    uploadBps: number
    downloadBps: number
    thresholdUploadBps: number
    thresholdDownloadBps: number
    timeSeconds: number
  } | null
  /** RouterOS queue priority, 1 (highest) to 8. */
  priority?: number | null
}

/** A package as a router profile (hotspot user profile or PPP profile). */
export interface DevicePackage {
  name: string
  service: DeviceService
  rateLimit: RateLimit | null
  sharedUsers: number | null
  addressPool: string | null
  sessionTimeoutSeconds: number | null
  idleTimeoutSeconds: number | null
  /** Firewall address list the customer's address joins. */
  addressList: string | null
}

/** Identifies a profile on the router. */
export type PackageRef = Pick<DevicePackage, 'name' | 'service'>

/** A customer as a router account (hotspot user or PPP secret). */
export interface DeviceCustomer {
  username: string
  /** Clear text: routers store it themselves (CHAP and MS-CHAP need it). */
  password: string
  service: DeviceService
  /** Name of the profile (DevicePackage.name). */
  packageName: string
  /** False disables the account (expired, suspended) without removing it. */
  enabled: boolean
  macAddress?: string | null
  ipAddress?: string | null
  comment?: string | null
}

/** Identifies an account on the router. */
export type CustomerRef = Pick<DeviceCustomer, 'username' | 'service'>

/** A live session. Bytes are counted like RADIUS does: in = from the customer. */
export interface OnlineSession {
  /** The router's session id (Acct-Session-Id, or the RouterOS `.id`). */
  id: string
  username: string
  address: string | null
  macAddress: string | null
  uptimeSeconds: number
  bytesIn: number
  bytesOut: number
}

/** What `disconnect` needs to find a session. */
export type SessionTarget = Pick<OnlineSession, 'id' | 'username'> & { address?: string | null }

/** Outcome of a disconnect: false when the router answered but did not end it. */
export interface DisconnectResult {
  disconnected: boolean
  message: string
}

/** Outcome of a connection test, shown as is to the operator. */
export interface ConnectionTest {
  ok: boolean
  message: string
  latencyMs: number
}

/** Traffic of one router interface, bits per second. */
export interface InterfaceTraffic {
  name: string
  rxBps: number
  txBps: number
}

/** Router health; values a driver cannot know are null (or empty for interfaces). */
export interface DeviceHealth {
  online: boolean
  version: string | null
  board: string | null
  uptimeSeconds: number | null
  cpuLoadPercent: number | null
  freeMemoryBytes: number | null
  totalMemoryBytes: number | null
  interfaces: InterfaceTraffic[]
}

/**
 * A device driver. Methods resolve when the router holds the change (or when there is nothing
 * to push) and reject with a DeviceError (`E_DEVICE_*`) when it does not.
 */
export interface DeviceDriver {
  addCustomer(ctx: DeviceContext, customer: DeviceCustomer): Promise<void>
  /** `previous` is set when the username or service changed. */
  updateCustomer(
    ctx: DeviceContext,
    customer: DeviceCustomer,
    previous?: CustomerRef
  ): Promise<void>
  removeCustomer(ctx: DeviceContext, customer: CustomerRef): Promise<void>
  addPackage(ctx: DeviceContext, pkg: DevicePackage): Promise<void>
  /** `previous` is set when the name or service changed. */
  updatePackage(ctx: DeviceContext, pkg: DevicePackage, previous?: PackageRef): Promise<void>
  removePackage(ctx: DeviceContext, pkg: PackageRef): Promise<void>
  listOnline(ctx: DeviceContext): Promise<OnlineSession[]>
  disconnect(ctx: DeviceContext, session: SessionTarget): Promise<DisconnectResult>
  testConnection(ctx: DeviceContext): Promise<ConnectionTest>
  health(ctx: DeviceContext): Promise<DeviceHealth>
  /** Releases connections; called when settings change and on shutdown. */
  close?(): Promise<void>
}

/** The methods a device driver must have (checked when the plugin is registered). */
export const DEVICE_DRIVER_METHODS = Object.keys({
  addCustomer: true,
  updateCustomer: true,
  removeCustomer: true,
  addPackage: true,
  updatePackage: true,
  removePackage: true,
  listOnline: true,
  disconnect: true,
  testConnection: true,
  health: true,
} satisfies Record<Exclude<keyof DeviceDriver, 'close'>, true>) as readonly string[]
