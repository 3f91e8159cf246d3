import { CpanelError } from './cpanel_error.js'
import type {
  CpanelDatabase,
  CpanelDatabaseUser,
  CpanelRestrictions,
  UapiClientOptions,
} from './cpanel_types.js'
import { isRecord, parseJson, redactedExcerpt, strings, transportErrorCode } from './uapi_reply.js'
import {
  fetchTransport,
  insecureHttpsTransport,
  type UapiReply,
  type UapiTransport,
} from './uapi_transport.js'

type Params = Record<string, string>

const DEFAULT_TIMEOUT_MS = 30_000

/**
 * Typed client for the cPanel UAPI calls that tenant provisioning needs. Every call is a
 * form-encoded POST, so passwords never end up in URLs or access logs.
 */
export class UapiClient {
  #base: URL
  #user: string
  #token: string
  #timeoutMs: number
  #transport: UapiTransport

  constructor(options: UapiClientOptions) {
    this.#base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`)
    this.#user = options.user
    this.#token = options.token
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.#transport =
      options.insecureTls && this.#base.protocol === 'https:'
        ? insecureHttpsTransport()
        : fetchTransport
  }

  /** The account prefix and name limits that every database and user name must honour. */
  async getRestrictions(): Promise<CpanelRestrictions> {
    const data = await this.#uapi('Mysql', 'get_restrictions')
    const record = isRecord(data) ? data : {}
    const maxDatabaseNameLength = Number(record.max_database_name_length)
    const maxUsernameLength = Number(record.max_username_length)
    if (!(maxDatabaseNameLength > 0 && maxUsernameLength > 0)) {
      throw this.#unexpected('Mysql', 'get_restrictions', 'limits missing from its data')
    }
    const prefix = typeof record.prefix === 'string' && record.prefix !== '' ? record.prefix : null
    return { prefix, maxDatabaseNameLength, maxUsernameLength }
  }

  /** Creates a database; `name` must already carry the account prefix (UAPI never adds it). */
  async createDatabase(name: string): Promise<void> {
    await this.#uapi('Mysql', 'create_database', { name })
  }

  /** Creates a database user; `name` must already carry the account prefix. */
  async createUser(name: string, password: string): Promise<void> {
    await this.#uapi('Mysql', 'create_user', { name, password })
  }

  /** Replaces the user's privileges on the database (`ALL PRIVILEGES` or names like `SELECT`). */
  async setPrivileges(
    user: string,
    database: string,
    privileges: readonly string[]
  ): Promise<void> {
    await this.#uapi('Mysql', 'set_privileges_on_database', {
      user,
      database,
      privileges: privileges.join(','),
    })
  }

  /** Drops a database. */
  async deleteDatabase(name: string): Promise<void> {
    await this.#uapi('Mysql', 'delete_database', { name })
  }

  /** Drops a database user. */
  async deleteUser(name: string): Promise<void> {
    await this.#uapi('Mysql', 'delete_user', { name })
  }

  /** The account's databases with the users that may use them. */
  async listDatabases(): Promise<CpanelDatabase[]> {
    const rows = this.#rows('Mysql', 'list_databases', await this.#uapi('Mysql', 'list_databases'))
    return rows.map((row) => ({
      name: String(row.database),
      users: strings(row.users),
      diskUsage: Number(row.disk_usage ?? 0),
    }))
  }

  /** The account's database users with the databases they may use. */
  async listUsers(): Promise<CpanelDatabaseUser[]> {
    const rows = this.#rows('Mysql', 'list_users', await this.#uapi('Mysql', 'list_users'))
    return rows.map((row) => ({
      name: String(row.user),
      shortName: String(row.shortuser ?? row.user),
      databases: strings(row.databases),
    }))
  }

  /** Creates `label.rootDomain`; the root domain must already belong to the account. */
  async addSubdomain(label: string, rootDomain: string, dir?: string): Promise<void> {
    await this.#uapi('SubDomain', 'addsubdomain', {
      domain: label,
      rootdomain: rootDomain,
      ...(dir ? { dir } : {}),
    })
  }

  /** Every subdomain of the account as a full host name, from `DomainInfo/list_domains`. */
  async listSubdomains(): Promise<string[]> {
    const data = await this.#uapi('DomainInfo', 'list_domains')
    if (!isRecord(data) || !Array.isArray(data.sub_domains)) {
      throw this.#unexpected('DomainInfo', 'list_domains', 'no sub_domains list in its data')
    }
    return strings(data.sub_domains)
  }

  /**
   * Deletes `label.rootDomain`. UAPI has no delete for subdomains, so this is the cPanel API 2
   * call `SubDomain::delsubdomain` over `/json-api/cpanel`, which the same token may use.
   */
  async deleteSubdomain(label: string, rootDomain: string): Promise<void> {
    await this.#api2('SubDomain', 'delsubdomain', { domain: `${label}.${rootDomain}` })
  }

  /** Calls `/execute/<module>/<func>` and returns `data` of a `status:1` reply. */
  async #uapi(module: string, func: string, params: Params = {}): Promise<unknown> {
    const reply = await this.#send(
      module,
      func,
      new URL(`execute/${module}/${func}`, this.#base),
      params
    )
    const body = parseJson(reply.text)
    if (!isRecord(body) || !('status' in body)) throw this.#unexpectedReply(module, func, reply)
    if (Number(body.status) !== 1)
      throw this.#refused(module, func, strings(body.errors), reply.status)
    return body.data
  }

  /** Calls a cPanel API 2 function; it reports failure in `error` or in a row's `reason`. */
  async #api2(module: string, func: string, params: Params): Promise<unknown> {
    const reply = await this.#send(module, func, new URL('json-api/cpanel', this.#base), {
      cpanel_jsonapi_user: this.#user,
      cpanel_jsonapi_apiversion: '2',
      cpanel_jsonapi_module: module,
      cpanel_jsonapi_func: func,
      ...params,
    })
    const body = parseJson(reply.text)
    const result = isRecord(body) ? body.cpanelresult : undefined
    if (!isRecord(result)) throw this.#unexpectedReply(module, func, reply)
    const rows = Array.isArray(result.data) ? result.data.filter(isRecord) : []
    const reasons = rows
      .filter((row) => 'result' in row && !Number(row.result))
      .map((row) => String(row.reason ?? ''))
    const errors = [...new Set([...strings([result.error]), ...reasons].filter(Boolean))]
    const eventOk = isRecord(result.event) && Number(result.event.result) === 1
    if (errors.length > 0 || !eventOk) throw this.#refused(module, func, errors, reply.status)
    return result.data
  }

  /** Sends one call; turns network trouble, timeouts and refused credentials into typed errors. */
  async #send(module: string, func: string, url: URL, params: Params): Promise<UapiReply> {
    const signal = AbortSignal.timeout(this.#timeoutMs)
    const headers = {
      'Authorization': `cpanel ${this.#user}:${this.#token}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      'Accept': 'application/json',
    }
    let reply: UapiReply
    try {
      reply = await this.#transport({
        url,
        headers,
        body: new URLSearchParams(params).toString(),
        signal,
      })
    } catch (error) {
      throw this.#unreachable(module, func, error, signal)
    }
    // cPanel answers a bad token with 401/403 and, often, an HTML page rather than JSON.
    if (reply.status === 401 || reply.status === 403) {
      throw new CpanelError(
        'E_CPANEL_AUTH',
        `cPanel at ${this.#base.origin} refused the credentials of user "${this.#user}" (HTTP ${reply.status}): ` +
          'check CPANEL_USER / CPANEL_TOKEN, and that the API token exists and has not expired',
        { module, func, httpStatus: reply.status }
      )
    }
    return reply
  }

  #unreachable(module: string, func: string, error: unknown, signal: AbortSignal): CpanelError {
    const where = `cPanel at ${this.#base.origin}`
    if (signal.aborted) {
      return new CpanelError(
        'E_CPANEL_UNREACHABLE',
        `${where} did not answer ${module}/${func} within ${this.#timeoutMs} ms: check CPANEL_URL and that the server is up`,
        { module, func, cause: error }
      )
    }
    const reason = transportErrorCode(error)
    const hint = /CERT|SELF_SIGNED|TLS|SSL/i.test(reason)
      ? 'its TLS certificate is not trusted: install a valid certificate, or set CPANEL_INSECURE_TLS=true to accept a self-signed one for this host only'
      : 'check CPANEL_URL and the network'
    const message = `${where} is unreachable (${reason}) calling ${module}/${func}: ${hint}`
    return new CpanelError('E_CPANEL_UNREACHABLE', message, { module, func, cause: error })
  }

  #refused(module: string, func: string, errors: string[], httpStatus: number): CpanelError {
    const why = errors.length > 0 ? errors.join(' ') : 'no reason given'
    const message = `cPanel ${module}/${func} failed: ${why}`
    return new CpanelError('E_CPANEL_API', message, { module, func, errors, httpStatus })
  }

  #unexpectedReply(module: string, func: string, reply: UapiReply): CpanelError {
    const excerpt = redactedExcerpt(reply.text, this.#token)
    return this.#unexpected(
      module,
      func,
      `HTTP ${reply.status} ${reply.contentType || 'without content type'} "${excerpt}"; ` +
        'check that CPANEL_URL is the cPanel port (2083, or 2082 without TLS), not WHM or a web page',
      reply.status
    )
  }

  #unexpected(module: string, func: string, detail: string, httpStatus?: number): CpanelError {
    const message = `cPanel ${module}/${func} gave an unexpected reply: ${detail}`
    return new CpanelError('E_CPANEL_API', message, { module, func, httpStatus })
  }

  #rows(module: string, func: string, data: unknown): Record<string, unknown>[] {
    if (!Array.isArray(data)) throw this.#unexpected(module, func, 'its data is not a list')
    return data.filter(isRecord)
  }
}
