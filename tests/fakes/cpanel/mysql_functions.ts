import {
  refuse,
  required,
  type FakeCpanelContext,
  type FakeCpanelFunction,
} from './fake_cpanel_types.js'

/** Privileges cPanel's MySQL Databases page offers, plus the two spellings of "all". */
const PRIVILEGES = new Set([
  'ALL PRIVILEGES',
  'ALL',
  'ALTER',
  'ALTER ROUTINE',
  'CREATE',
  'CREATE ROUTINE',
  'CREATE TEMPORARY TABLES',
  'CREATE VIEW',
  'DELETE',
  'DROP',
  'EVENT',
  'EXECUTE',
  'INDEX',
  'INSERT',
  'LOCK TABLES',
  'REFERENCES',
  'SELECT',
  'SHOW VIEW',
  'TRIGGER',
  'UPDATE',
])

/**
 * The `Mysql/*` functions of UAPI (EXTERNAL-APIS §3.3) over the fake's state, mirrored on a real
 * server when one is configured. Sentences marked [approx] in the docs keep their key words.
 */
export function mysqlFunctions({
  account,
  state,
  mariadb,
}: FakeCpanelContext): Record<string, FakeCpanelFunction> {
  /** Prefix first, as cPanel does (§3.4), then characters and length. */
  function checkName(name: string, limit: number, cost: number, kind: string) {
    if (account.prefix !== null && !name.startsWith(account.prefix)) {
      refuse(`The name "${name}" does not begin with the required prefix "${account.prefix}".`)
    }
    if (!/^[A-Za-z0-9_]+$/.test(name))
      refuse(`The ${kind} name "${name}" contains invalid characters.`)
    if (cost > limit) {
      refuse(
        `The ${kind} name "${name}" is too long: it counts ${cost} characters and the maximum is ${limit}.`
      )
    }
  }

  function knownDatabase(name: string) {
    if (!state.databases.has(name)) refuse(`The database "${name}" does not exist.`)
  }

  function knownUser(name: string) {
    if (!state.users.has(name)) refuse(`The user "${name}" does not exist.`)
  }

  function usersOf(database: string): string[] {
    return [...state.grants]
      .filter(([, on]) => on.has(database))
      .map(([user]) => user)
      .sort()
  }

  return {
    'Mysql/get_restrictions': () => ({
      prefix: account.prefix,
      max_database_name_length: account.maxDatabaseNameLength,
      max_username_length: account.maxUsernameLength,
    }),

    'Mysql/create_database': async (params) => {
      const name = required(params, 'name')
      // cPanel stores `_` escaped, so each one counts twice against the limit (§3.4).
      const cost = name.length + name.split('_').length - 1
      checkName(name, account.maxDatabaseNameLength, cost, 'database')
      if (state.databases.has(name)) refuse(`The database "${name}" already exists.`)
      await mariadb?.createDatabase(name)
      state.databases.add(name)
      return null
    },

    'Mysql/create_user': async (params) => {
      const name = required(params, 'name')
      const password = required(params, 'password')
      checkName(name, account.maxUsernameLength, name.length, 'user')
      if (state.users.has(name)) refuse(`The user "${name}" already exists.`)
      await mariadb?.createUser(name, password)
      state.users.set(name, { password })
      return null
    },

    'Mysql/set_privileges_on_database': async (params) => {
      const user = required(params, 'user')
      const database = required(params, 'database')
      knownUser(user)
      knownDatabase(database)
      const privileges = (params.privileges ?? '')
        .split(',')
        .map((privilege) => privilege.trim().toUpperCase())
        .filter(Boolean)
      const unknown = privileges.find((privilege) => !PRIVILEGES.has(privilege))
      if (unknown !== undefined) refuse(`"${unknown}" is not a valid privilege.`)
      if (privileges.length === 0) refuse('Provide the "privileges" parameter.')
      await mariadb?.grant(user, database, privileges)
      const grants = state.grants.get(user) ?? new Map<string, string[]>()
      state.grants.set(user, grants.set(database, privileges))
      return null
    },

    'Mysql/delete_database': async (params) => {
      const name = required(params, 'name')
      knownDatabase(name)
      for (const user of usersOf(name)) {
        await mariadb?.revoke(user, name)
        state.grants.get(user)?.delete(name)
      }
      await mariadb?.dropDatabase(name)
      state.databases.delete(name)
      return null
    },

    'Mysql/delete_user': async (params) => {
      const name = required(params, 'name')
      knownUser(name)
      await mariadb?.dropUser(name)
      state.users.delete(name)
      state.grants.delete(name)
      return null
    },

    'Mysql/list_databases': () =>
      [...state.databases]
        .sort()
        .map((database) => ({ database, disk_usage: 0, users: usersOf(database) })),

    'Mysql/list_users': () =>
      [...state.users.keys()].sort().map((user) => ({
        user,
        shortuser:
          account.prefix && user.startsWith(account.prefix)
            ? user.slice(account.prefix.length)
            : user,
        databases: [...(state.grants.get(user)?.keys() ?? [])].sort(),
      })),
  }
}
