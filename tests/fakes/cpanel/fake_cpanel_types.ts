import type { FakeMariadb } from './fake_mariadb.js'

/** How the fake cPanel account is set up. */
export interface FakeCpanelOptions {
  user: string
  token: string
  /** What `get_restrictions` reports, e.g. `cpuser_`; null for a server without prefixes. */
  prefix: string | null
  /** Default 64; every `_` counts as two. */
  maxDatabaseNameLength?: number
  /** Default 47 (MariaDB); 16 mimics MySQL 5.6. */
  maxUsernameLength?: number
  /** Domains the account owns; the first is the main domain. */
  rootDomains?: string[]
  /** When given, databases, users and grants are really made on this MySQL/MariaDB server. */
  mysql?: { host: string; port: number; user: string; password: string }
  /** Makes a call fail with `status:0`, given `Module/function` (e.g. `Mysql/create_user`). */
  failOn?: (fn: string) => boolean
  /** Serve HTTPS with the self-signed certificate in `tls/`. */
  tls?: boolean
}

/** One authenticated request the fake received. */
export interface FakeCpanelCall {
  method: string
  /** Path and query string as received, to check what travelled in the URL. */
  url: string
  module: string
  func: string
  params: Record<string, string>
}

/** Everything the fake account holds; tests read it directly. */
export interface FakeCpanelState {
  databases: Set<string>
  users: Map<string, { password: string }>
  /** user → database → privileges as granted. */
  grants: Map<string, Map<string, string[]>>
  /** Full host name → its parts and document root. */
  subdomains: Map<string, { label: string; rootDomain: string; dir: string }>
  calls: FakeCpanelCall[]
}

/** The account settings with defaults applied. */
export interface FakeCpanelAccount {
  user: string
  prefix: string | null
  maxDatabaseNameLength: number
  maxUsernameLength: number
  rootDomains: string[]
}

/** What the function handlers work on. */
export interface FakeCpanelContext {
  account: FakeCpanelAccount
  state: FakeCpanelState
  mariadb: FakeMariadb | null
}

/** One cPanel function: returns `data`, or throws an Error whose message is cPanel's sentence. */
export type FakeCpanelFunction = (params: Record<string, string>) => unknown

/** Ends a call with `status:0` and this sentence. */
export function refuse(sentence: string): never {
  throw new Error(sentence)
}

/** A required parameter, refused the way cPanel refuses a missing one [approx wording]. */
export function required(params: Record<string, string>, name: string): string {
  const value = params[name]
  if (value === undefined || value === '') refuse(`Provide the "${name}" parameter.`)
  return value
}
