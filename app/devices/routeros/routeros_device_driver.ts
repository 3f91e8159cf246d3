/*
 * What the `mikrotik_hotspot` and `mikrotik_pppoe` device plugins share: reaching the NAS's
 * RouterOS API with the tenant's settings, turning RouterError into the contract's DeviceError,
 * the connection test, router health, and kicking active sessions.
 */
import type {
  ConnectionTest,
  DeviceContext,
  DeviceHealth,
  DisconnectResult,
  InterfaceTraffic,
  SessionTarget,
} from '#plugins/contracts/device_driver'
import type { SettingField } from '#plugins/contracts/manifest'
import { DeviceError } from '#plugins/errors'
import type { RouterRow } from './router_connection.js'
import { RouterError } from './router_error.js'
import { RouterPool } from './router_pool.js'
import { RouterOsClient, type RouterValue } from './routeros_client.js'
import { parseDuration } from './routeros_values.js'

/** Manifest fields both MikroTik plugins declare; they fill RouterOsDriverSettings. */
export const ROUTEROS_SETTING_FIELDS = [
  {
    name: 'apiPort',
    type: 'number',
    label: { id: 'Port API', en: 'API port' },
    help: {
      id: 'Dipakai bila NAS tidak menyebut port: 8728 (api) atau 8729 (api-ssl).',
      en: 'Used when the NAS names no port: 8728 (api) or 8729 (api-ssl).',
    },
    default: 8728,
  },
  {
    name: 'useApiSsl',
    type: 'boolean',
    label: { id: 'Pakai API-SSL', en: 'Use API-SSL' },
    help: {
      id: 'Enkripsi TLS (port 8729); router harus punya sertifikat di layanan api-ssl.',
      en: 'TLS encryption (port 8729); the router needs a certificate on its api-ssl service.',
    },
  },
  {
    name: 'timeoutSeconds',
    type: 'number',
    label: { id: 'Batas tunggu router (detik)', en: 'Router timeout (seconds)' },
    help: {
      id: 'Lama menunggu jawaban router per perintah sebelum dicoba lagi.',
      en: 'How long to wait for the router per command before trying again.',
    },
    default: 10,
  },
] as const satisfies readonly SettingField[]

/** Settings both MikroTik plugins have (see ROUTEROS_SETTING_FIELDS). */
export interface RouterOsDriverSettings {
  /** API port when the NAS does not name one. */
  apiPort: number
  /** API-SSL when the NAS does not say. */
  useApiSsl: boolean
  /** Longest wait for the router, per command. */
  timeoutSeconds: number
}

/** Interfaces whose rates `health` measures at most (one monitor-traffic call). */
const MAX_MONITORED_INTERFACES = 16

/** Map a client failure to the contract: unreachable (worth a retry) or refused. */
export function toDeviceError(error: unknown): unknown {
  if (!(error instanceof RouterError)) return error
  return new DeviceError(
    error.message,
    error.retryable ? 'E_DEVICE_UNREACHABLE' : 'E_DEVICE_REFUSED',
    { cause: error }
  )
}

/** Base of the RouterOS API device drivers; one instance per tenant and settings version. */
export abstract class RouterOsDeviceDriver {
  protected readonly settings: RouterOsDriverSettings
  readonly #pool: RouterPool

  constructor(settings: RouterOsDriverSettings) {
    this.settings = settings
    // No I/O here: the registry builds instances just to check them.
    const seconds = settings.timeoutSeconds > 0 ? settings.timeoutSeconds : 10
    this.#pool = new RouterPool({ timeoutMs: seconds * 1000 })
  }

  /** Run `work` against the NAS's router; failures reject with a DeviceError. */
  protected async withRouter<T>(
    ctx: DeviceContext,
    work: (client: RouterOsClient) => Promise<T>
  ): Promise<T> {
    const access = ctx.nas.routerApi
    if (!access) {
      throw new DeviceError(
        `NAS "${ctx.nas.name}" has no RouterOS API access: set its API host, user and password`,
        'E_DEVICE_UNSUPPORTED'
      )
    }
    const tls = access.tls ?? this.settings.useApiSsl
    const client = new RouterOsClient(
      {
        host: access.host,
        port: access.port || (tls ? 8729 : this.settings.apiPort),
        username: access.username,
        password: access.password,
        tls,
      },
      this.#pool
    )
    try {
      return await work(client)
    } catch (error) {
      throw toDeviceError(error)
    }
  }

  /**
   * Set the item called `name` in `menu`, or add it. An upsert keeps a push safe to retry after
   * a lost reply (a second `add` would trap "already have user").
   */
  protected async upsert(
    client: RouterOsClient,
    menu: string,
    name: string,
    values: Readonly<Record<string, RouterValue>>
  ): Promise<void> {
    const existing = await client.find(menu, { name })
    if (existing) await client.set(menu, existing['.id'], values)
    else await client.add(menu, values)
  }

  /** Remove the item called `name` from `menu`, if it is there. */
  protected async removeNamed(client: RouterOsClient, menu: string, name: string): Promise<void> {
    const existing = await client.find(menu, { name })
    if (existing) await client.remove(menu, existing['.id'])
  }

  /**
   * End a session: by its RouterOS `.id`, or every session of the user when that id is gone
   * (the session ended, or the id came from elsewhere). `userField` names the user column.
   */
  protected async endSession(
    client: RouterOsClient,
    menu: string,
    userField: string,
    session: SessionTarget
  ): Promise<DisconnectResult> {
    const removed =
      (await removeById(client, menu, session.id)) ||
      (await this.kick(client, menu, { [userField]: session.username })) > 0
    return removed
      ? { disconnected: true, message: `Disconnected ${session.username}` }
      : { disconnected: false, message: `${session.username} has no active session` }
  }

  /** Remove every item of an active-session menu matching `where`; how many were removed. */
  protected async kick(
    client: RouterOsClient,
    menu: string,
    where: Record<string, string>
  ): Promise<number> {
    const sessions = await client.print(menu, { where, proplist: ['.id'] })
    if (sessions.length > 0)
      await client.remove(
        menu,
        sessions.map((row) => row['.id'])
      )
    return sessions.length
  }

  /** Log in and read the router's identity; failures are reported, not thrown. */
  async testConnection(ctx: DeviceContext): Promise<ConnectionTest> {
    const started = performance.now()
    try {
      const [resource] = await this.withRouter(ctx, (client) =>
        client.run('/system/resource/print')
      )
      return {
        ok: true,
        message: `RouterOS ${resource?.version ?? '?'} on ${resource?.['board-name'] ?? 'unknown board'}`,
        latencyMs: Math.round(performance.now() - started),
      }
    } catch (error) {
      return {
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        latencyMs: Math.round(performance.now() - started),
      }
    }
  }

  /** Version, board, uptime, CPU, memory and the traffic of running interfaces. */
  async health(ctx: DeviceContext): Promise<DeviceHealth> {
    try {
      return await this.withRouter(ctx, async (client) => {
        const [resource] = await client.run('/system/resource/print')
        const running = await client.print('/interface', {
          where: { running: 'true', disabled: 'false', dynamic: 'false' },
          proplist: ['name'],
        })
        const names = running.map((row) => row.name).slice(0, MAX_MONITORED_INTERFACES)
        const rates = names.length
          ? await client.run('/interface/monitor-traffic', { interface: names.join(','), once: '' })
          : []
        return {
          online: true,
          version: resource?.version ?? null,
          board: resource?.['board-name'] ?? null,
          uptimeSeconds: resource?.uptime ? parseDuration(resource.uptime) : null,
          cpuLoadPercent: numberOrNull(resource?.['cpu-load']),
          freeMemoryBytes: numberOrNull(resource?.['free-memory']),
          totalMemoryBytes: numberOrNull(resource?.['total-memory']),
          interfaces: rates.map(toTraffic),
        }
      })
    } catch (error) {
      // An unreachable router is a health status, not an error; a refusal is for the operator.
      if (error instanceof DeviceError && error.code === 'E_DEVICE_UNREACHABLE') return offline()
      throw error
    }
  }

  /** Close the connections to the tenant's routers. */
  async close(): Promise<void> {
    await this.#pool.closeAll()
  }
}

/** Remove a session by RouterOS `.id`; false when there is no such session. */
async function removeById(client: RouterOsClient, menu: string, id: string): Promise<boolean> {
  if (!/^\*[0-9A-F]+$/i.test(id)) return false
  try {
    await client.remove(menu, id)
    return true
  } catch (error) {
    // Trap category 0: no such item.
    if (error instanceof RouterError && error.code === 'E_ROUTER_TRAP' && error.category === 0) {
      return false
    }
    throw error
  }
}

function numberOrNull(value: string | undefined): number | null {
  const number = Number(value)
  return value === undefined || value === '' || !Number.isFinite(number) ? null : number
}

function toTraffic(row: RouterRow): InterfaceTraffic {
  return {
    name: row.name,
    rxBps: Number(row['rx-bits-per-second'] ?? 0),
    txBps: Number(row['tx-bits-per-second'] ?? 0),
  }
}

function offline(): DeviceHealth {
  return {
    online: false,
    version: null,
    board: null,
    uptimeSeconds: null,
    cpuLoadPercent: null,
    freeMemoryBytes: null,
    totalMemoryBytes: null,
    interfaces: [],
  }
}
