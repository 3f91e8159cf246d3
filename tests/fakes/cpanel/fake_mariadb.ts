import mysql from 'mysql2/promise'

/** cPanel creates every database user for both remote (`%`) and local connections. */
const HOSTS = ['%', 'localhost']

/** MariaDB's "there is no such grant", harmless when replacing or removing grants. */
const ER_NONEXISTING_GRANT = 1141

/**
 * Does on a real MySQL/MariaDB server what the fake cPanel's Mysql functions promise, so code
 * provisioned through the fake can really connect. Names reach it only after the fake checked
 * them against `[A-Za-z0-9_]`, and privileges only from an allowlist.
 */
export class FakeMariadb {
  #pool: mysql.Pool

  constructor(server: { host: string; port: number; user: string; password: string }) {
    this.#pool = mysql.createPool({ ...server, connectionLimit: 2 })
  }

  /** `CREATE DATABASE`; an existing one is refused with cPanel's "already exists" sentence. */
  async createDatabase(name: string): Promise<void> {
    await this.#pool.query(`CREATE DATABASE \`${name}\``).catch((error) => {
      if (error?.code === 'ER_DB_CREATE_EXISTS')
        throw new Error(`The database "${name}" already exists.`)
      throw error
    })
  }

  /** `DROP DATABASE IF EXISTS`. */
  async dropDatabase(name: string): Promise<void> {
    await this.#pool.query(`DROP DATABASE IF EXISTS \`${name}\``)
  }

  /** Creates `name`@`%` and `name`@`localhost` with the password, or neither. */
  async createUser(name: string, password: string): Promise<void> {
    const [rows] = await this.#pool.query('SELECT 1 FROM mysql.user WHERE User = ?', [name])
    if ((rows as unknown[]).length > 0) throw new Error(`The user "${name}" already exists.`)
    for (const host of HOSTS) {
      await this.#pool.query('CREATE USER ?@? IDENTIFIED BY ?', [name, host, password])
    }
  }

  /** Drops the user for every host. */
  async dropUser(name: string): Promise<void> {
    for (const host of HOSTS) {
      await this.#pool.query('DROP USER IF EXISTS ?@?', [name, host])
    }
  }

  /** Replaces the user's privileges on the database, as `set_privileges_on_database` does. */
  async grant(user: string, database: string, privileges: string[]): Promise<void> {
    await this.revoke(user, database)
    for (const host of HOSTS) {
      await this.#pool.query(`GRANT ${privileges.join(', ')} ON ${grantTarget(database)} TO ?@?`, [
        user,
        host,
      ])
    }
  }

  /** Removes the user's privileges on the database, if any. */
  async revoke(user: string, database: string): Promise<void> {
    for (const host of HOSTS) {
      await this.#pool
        .query(`REVOKE ALL PRIVILEGES ON ${grantTarget(database)} FROM ?@?`, [user, host])
        .catch((error) => {
          if (error?.errno !== ER_NONEXISTING_GRANT) throw error
        })
    }
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.#pool.end()
  }
}

/** In GRANT, `_` is a wildcard: escape it, as cPanel does, so a grant covers exactly one database. */
function grantTarget(database: string): string {
  return `\`${database.replace(/_/g, '\\_')}\`.*`
}
