import { readFileSync } from 'node:fs'
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { domainApi2Functions, domainFunctions } from './domain_functions.js'
import { FakeMariadb } from './fake_mariadb.js'
import { mysqlFunctions } from './mysql_functions.js'
import type {
  FakeCpanelContext,
  FakeCpanelFunction,
  FakeCpanelOptions,
  FakeCpanelState,
} from './fake_cpanel_types.js'

export type { FakeCpanelCall, FakeCpanelOptions, FakeCpanelState } from './fake_cpanel_types.js'

/** What cPanel sends for a bad token: a 401 with an HTML page, not JSON (EXTERNAL-APIS §3.2). */
const ACCESS_DENIED_PAGE =
  '<!DOCTYPE html>\n<html><head><title>cPanel Login</title></head>\n' +
  '<body><h1>Access denied</h1><p>The login is invalid.</p></body></html>\n'

const NOT_FOUND_PAGE = '<!DOCTYPE html>\n<html><body><h1>404 Not Found</h1></body></html>\n'

type Outcome = { ok: true; data: unknown } | { ok: false; error: string }

/**
 * A fake cPanel account on 127.0.0.1 (random port) that speaks the wire contract: UAPI at
 * `/execute/<Module>/<function>` with the bare envelope, cPanel API 2 at `/json-api/cpanel`,
 * `Authorization: cpanel USER:TOKEN`, parameters in the query string or a form POST.
 */
export class FakeCpanelServer {
  /** What the account holds; tests read it directly. */
  readonly state: FakeCpanelState = {
    databases: new Set(),
    users: new Map(),
    grants: new Map(),
    subdomains: new Map(),
    calls: [],
  }

  /** Makes a `Module/function` fail with `status:0` and no side effect; replaceable mid-test. */
  failOn?: (fn: string) => boolean

  #authorization: string
  #tls: boolean
  #mariadb: FakeMariadb | null
  #uapi: Record<string, FakeCpanelFunction>
  #api2: Record<string, FakeCpanelFunction>
  #server?: Server

  constructor(options: FakeCpanelOptions) {
    this.#authorization = `cpanel ${options.user}:${options.token}`
    this.#tls = options.tls ?? false
    this.#mariadb = options.mysql ? new FakeMariadb(options.mysql) : null
    this.failOn = options.failOn
    const context: FakeCpanelContext = {
      account: {
        user: options.user,
        prefix: options.prefix,
        maxDatabaseNameLength: options.maxDatabaseNameLength ?? 64,
        maxUsernameLength: options.maxUsernameLength ?? 47,
        rootDomains: (options.rootDomains ?? []).map((domain) => domain.toLowerCase()),
      },
      state: this.state,
      mariadb: this.#mariadb,
    }
    this.#uapi = { ...mysqlFunctions(context), ...domainFunctions(context) }
    this.#api2 = domainApi2Functions(context)
  }

  /** Listens on a random loopback port; `url` is the base to give the client. */
  async start(): Promise<{ url: string }> {
    const handler = (request: IncomingMessage, response: ServerResponse) =>
      void this.#handle(request, response)
    const server = this.#tls
      ? createHttpsServer(
          {
            key: readFileSync(new URL('./tls/fake_cpanel.key', import.meta.url)),
            cert: readFileSync(new URL('./tls/fake_cpanel.crt', import.meta.url)),
          },
          handler
        )
      : createHttpServer(handler)
    this.#server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', resolve)
    })
    const { port } = server.address() as AddressInfo
    return { url: `${this.#tls ? 'https' : 'http'}://127.0.0.1:${port}` }
  }

  /**
   * Drops every database and user the fake created (on the real server too, when `mysql` is
   * set) and forgets all state. Call it before `close()`.
   */
  async purge(): Promise<void> {
    for (const user of this.state.users.keys()) await this.#mariadb?.dropUser(user)
    for (const database of this.state.databases) await this.#mariadb?.dropDatabase(database)
    this.state.databases.clear()
    this.state.users.clear()
    this.state.grants.clear()
    this.state.subdomains.clear()
    this.state.calls.length = 0
  }

  /** Stops listening, cuts open connections and closes the MySQL pool. */
  async close(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
    const mariadb = this.#mariadb
    this.#mariadb = null
    await mariadb?.close()
  }

  async #handle(request: IncomingMessage, response: ServerResponse) {
    try {
      const body = await readBody(request)
      if (request.headers.authorization !== this.#authorization) {
        return send(response, 401, 'text/html; charset=utf-8', ACCESS_DENIED_PAGE)
      }
      const url = new URL(request.url ?? '/', 'http://fake-cpanel.invalid')
      const params = Object.fromEntries(url.searchParams)
      if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
        Object.assign(params, Object.fromEntries(new URLSearchParams(body)))
      }
      const call = { method: request.method ?? 'GET', url: request.url ?? '/', params }

      const execute = /^\/execute\/(\w+)\/(\w+)$/.exec(url.pathname)
      if (execute) {
        const outcome = await this.#run(this.#uapi, {
          ...call,
          module: execute[1],
          func: execute[2],
        })
        return sendJson(response, uapiEnvelope(outcome))
      }
      if (url.pathname === '/json-api/cpanel' && params.cpanel_jsonapi_apiversion === '2') {
        const module = params.cpanel_jsonapi_module ?? ''
        const func = params.cpanel_jsonapi_func ?? ''
        const outcome = await this.#run(this.#api2, { ...call, module, func })
        return sendJson(response, api2Envelope(module, func, outcome))
      }
      send(response, 404, 'text/html; charset=utf-8', NOT_FOUND_PAGE)
    } catch (error) {
      send(response, 500, 'text/plain; charset=utf-8', String(error))
    }
  }

  async #run(
    functions: Record<string, FakeCpanelFunction>,
    call: {
      method: string
      url: string
      module: string
      func: string
      params: Record<string, string>
    }
  ): Promise<Outcome> {
    this.state.calls.push(call)
    const name = `${call.module}/${call.func}`
    const fn = functions[name]
    // [approx] wording; real cPanel also answers an unknown function with HTTP 200 and status 0.
    if (!fn)
      return {
        ok: false,
        error: `Could not find the function "${call.func}" in the module "${call.module}".`,
      }
    if (this.failOn?.(name)) return { ok: false, error: `Simulated failure of ${name}.` }
    try {
      return { ok: true, data: await fn(call.params) }
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) }
    }
  }
}

/** UAPI's bare result object, as `/execute` serves it (§3.2). */
function uapiEnvelope(outcome: Outcome) {
  return {
    status: outcome.ok ? 1 : 0,
    errors: outcome.ok ? null : [outcome.error],
    messages: null,
    warnings: null,
    metadata: {},
    data: outcome.ok ? outcome.data : null,
  }
}

/** cPanel API 2's `cpanelresult`: failure shows in `error` and in the row's `result`/`reason`. */
function api2Envelope(module: string, func: string, outcome: Outcome) {
  const result = { apiversion: 2, module, func, event: { result: 1 } }
  if (outcome.ok) return { cpanelresult: { ...result, data: outcome.data } }
  return {
    cpanelresult: { ...result, data: [{ result: 0, reason: outcome.error }], error: outcome.error },
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function send(response: ServerResponse, status: number, contentType: string, body: string) {
  response.writeHead(status, { 'Content-Type': contentType })
  response.end(body)
}

function sendJson(response: ServerResponse, body: unknown) {
  send(response, 200, 'application/json', JSON.stringify(body))
}
