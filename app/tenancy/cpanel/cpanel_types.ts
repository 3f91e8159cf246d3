/** How to reach one cPanel account. */
export interface UapiClientOptions {
  /** cPanel's base URL, e.g. `https://host.example.com:2083` (2082 is plain HTTP). */
  url: string
  user: string
  /** API token from cPanel » Security » Manage API Tokens. */
  token: string
  /** Milliseconds before a call counts as unreachable; default 30 000. */
  timeoutMs?: number
  /** Accept a self-signed certificate from this host only (never process-wide). Default false. */
  insecureTls?: boolean
}

/** `Mysql/get_restrictions`, normalised. Always read the prefix from here (EXTERNAL-APIS §3.4). */
export interface CpanelRestrictions {
  /** Account prefix including its trailing `_`, or null when the server does not prefix. */
  prefix: string | null
  /** Counted with every `_` as two characters. */
  maxDatabaseNameLength: number
  maxUsernameLength: number
}

/** One row of `Mysql/list_databases`. */
export interface CpanelDatabase {
  name: string
  users: string[]
  diskUsage: number
}

/** One row of `Mysql/list_users`. */
export interface CpanelDatabaseUser {
  name: string
  /** The name without the account prefix. */
  shortName: string
  databases: string[]
}
