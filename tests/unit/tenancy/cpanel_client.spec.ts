import { randomBytes } from 'node:crypto'
import { createServer as createHttpServer } from 'node:http'
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net'
import mysql from 'mysql2/promise'
import { test } from '@japa/runner'
import { TEST_DATABASE_PREFIX } from '#tests/helpers/databases'
import { CpanelError } from '#tenancy/cpanel/cpanel_error'
import {
  databaseNameCost,
  generateDatabasePassword,
  tenantDatabaseName,
  tenantDatabaseUser,
} from '#tenancy/cpanel/cpanel_naming'
import type { CpanelRestrictions } from '#tenancy/cpanel/cpanel_types'
import { UapiClient } from '#tenancy/cpanel/uapi_client'
import { FakeCpanelServer } from '#tests/fakes/cpanel/fake_cpanel_server'

const USER = 'rbtest'
const PREFIX = TEST_DATABASE_PREFIX
const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' }

function randomToken() {
  return randomBytes(16).toString('hex').toUpperCase()
}

/** The CpanelError a call rejects with. */
async function failure(promise: Promise<unknown>): Promise<CpanelError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CpanelError) return error
    throw error
  }
  throw new Error('Expected a CpanelError, but the call succeeded')
}

/** Starts a loopback server and returns its URL and a way to stop it. */
async function listen(server: Server): Promise<{ url: string; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => sockets.add(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    })
  return { url: `http://127.0.0.1:${port}`, stop }
}

test.group('cPanel UAPI client', (group) => {
  const token = randomToken()
  let fake: FakeCpanelServer
  let url: string
  let client: UapiClient

  group.each.setup(async () => {
    fake = new FakeCpanelServer({
      user: USER,
      token,
      prefix: PREFIX,
      maxUsernameLength: 16,
      rootDomains: ['example.test'],
    })
    const started = await fake.start()
    url = started.url
    client = new UapiClient({ url, user: USER, token })
    return () => fake.close()
  })

  test('reads the prefix and the name limits from get_restrictions', async ({ assert }) => {
    assert.deepEqual(await client.getRestrictions(), {
      prefix: PREFIX,
      maxDatabaseNameLength: 64,
      maxUsernameLength: 16,
    })
  })

  test('creates, grants, lists and deletes a database and its user', async ({ assert }) => {
    await client.createDatabase(`${PREFIX}acme`)
    await client.createUser(`${PREFIX}acme`, 'Secret123Secret123Secret')
    await client.setPrivileges(`${PREFIX}acme`, `${PREFIX}acme`, ['ALL PRIVILEGES'])

    assert.deepEqual(await client.listDatabases(), [
      { name: `${PREFIX}acme`, users: [`${PREFIX}acme`], diskUsage: 0 },
    ])
    assert.deepEqual(await client.listUsers(), [
      { name: `${PREFIX}acme`, shortName: 'acme', databases: [`${PREFIX}acme`] },
    ])
    assert.deepEqual(fake.state.grants.get(`${PREFIX}acme`)?.get(`${PREFIX}acme`), [
      'ALL PRIVILEGES',
    ])

    await client.deleteDatabase(`${PREFIX}acme`)
    await client.deleteUser(`${PREFIX}acme`)
    assert.deepEqual(await client.listDatabases(), [])
    assert.deepEqual(await client.listUsers(), [])
  })

  test('sends parameters in a form POST, so the password never appears in a URL', async ({
    assert,
  }) => {
    await client.createDatabase(`${PREFIX}acme`)
    await client.createUser(`${PREFIX}acme`, 'Secret123Secret123Secret')

    const createUser = fake.state.calls.find((call) => call.func === 'create_user')
    assert.equal(createUser?.method, 'POST')
    assert.equal(createUser?.url, '/execute/Mysql/create_user')
    assert.equal(createUser?.params.password, 'Secret123Secret123Secret')
    assert.equal(fake.state.users.get(`${PREFIX}acme`)?.password, 'Secret123Secret123Secret')
  })

  test('a wrong token gives E_CPANEL_AUTH although cPanel answers with HTML', async ({
    assert,
  }) => {
    const raw = await fetch(`${url}/execute/Mysql/list_databases`, {
      headers: { Authorization: `cpanel ${USER}:WRONG` },
    })
    assert.equal(raw.status, 401)
    assert.match(raw.headers.get('content-type') ?? '', /^text\/html/)

    const error = await failure(
      new UapiClient({ url, user: USER, token: 'WRONG-TOKEN' }).listDatabases()
    )
    assert.equal(error.code, 'E_CPANEL_AUTH')
    assert.equal(error.httpStatus, 401)
    assert.include(error.message, 'check CPANEL_USER / CPANEL_TOKEN')
    assert.notInclude(error.message, 'WRONG-TOKEN')
    assert.equal(fake.state.calls.length, 0)
  })

  test("refuses a name without the account prefix, with cPanel's sentence", async ({ assert }) => {
    const error = await failure(client.createDatabase('acme'))
    assert.equal(error.code, 'E_CPANEL_API')
    assert.equal(error.module, 'Mysql')
    assert.equal(error.func, 'create_database')
    assert.deepEqual(error.errors, [
      `The name "acme" does not begin with the required prefix "${PREFIX}".`,
    ])
    assert.include(error.message, 'Mysql/create_database')
    assert.equal(fake.state.databases.size, 0)
  })

  test('counts every underscore twice against the database name limit', async ({ assert }) => {
    const fits = `${PREFIX}${'a'.repeat(56)}` // 63 characters, cost 64
    const tooLong = `${PREFIX}${'a'.repeat(50)}_b_c_d` // 63 characters, cost 67
    await client.createDatabase(fits)

    const error = await failure(client.createDatabase(tooLong))
    assert.equal(error.code, 'E_CPANEL_API')
    assert.match(error.errors[0], /too long/)
    assert.deepEqual([...fake.state.databases], [fits])
  })

  test('refuses a user name over max_username_length', async ({ assert }) => {
    // The limit (16) counts the prefix too.
    const fits = 16 - PREFIX.length
    await client.createUser(`${PREFIX}${'a'.repeat(fits)}`, 'Secret123Secret123Secret')

    const error = await failure(
      client.createUser(`${PREFIX}${'a'.repeat(fits + 1)}`, 'Secret123Secret123Secret')
    )
    assert.equal(error.func, 'create_user')
    assert.match(error.errors[0], /too long/)
    assert.equal(fake.state.users.size, 1)
  })

  test('a duplicate name fails with an "already exists" sentence', async ({ assert }) => {
    await client.createDatabase(`${PREFIX}acme`)
    await client.createUser(`${PREFIX}acme`, 'Secret123Secret123Secret')

    const database = await failure(client.createDatabase(`${PREFIX}acme`))
    const user = await failure(client.createUser(`${PREFIX}acme`, 'Other123Other123Other123'))
    assert.isTrue(database.alreadyExists)
    assert.isTrue(user.alreadyExists)
    assert.lengthOf(await client.listDatabases(), 1)
    assert.equal(fake.state.users.get(`${PREFIX}acme`)?.password, 'Secret123Secret123Secret')
  })

  test('failOn makes a function fail with status 0 and no side effect', async ({ assert }) => {
    fake.failOn = (fn) => fn === 'Mysql/create_user'
    await client.createDatabase(`${PREFIX}acme`)

    const error = await failure(client.createUser(`${PREFIX}acme`, 'Secret123Secret123Secret'))
    assert.equal(error.code, 'E_CPANEL_API')
    assert.isFalse(error.alreadyExists)
    assert.equal(fake.state.users.size, 0)
  })

  test("names from cpanel_naming pass the fake's rules, even for long slugs", async ({
    assert,
  }) => {
    const restrictions = await client.getRestrictions()
    for (const slug of [
      'acme',
      'a-very-long-tenant-slug-that-will-never-fit-in-sixteen-characters',
    ]) {
      await client.createDatabase(tenantDatabaseName(slug, restrictions, 'rb_t_'))
      await client.createUser(tenantDatabaseUser(slug, restrictions), generateDatabasePassword())
    }
    assert.equal(fake.state.databases.size, 2)
    assert.equal(fake.state.users.size, 2)
  })

  test('adds, lists and deletes a subdomain', async ({ assert }) => {
    await client.addSubdomain('acme', 'example.test')
    assert.deepEqual(await client.listSubdomains(), ['acme.example.test'])
    assert.deepEqual(fake.state.subdomains.get('acme.example.test'), {
      label: 'acme',
      rootDomain: 'example.test',
      dir: 'public_html/acme',
    })
    const duplicate = await failure(client.addSubdomain('acme', 'example.test'))
    const foreignRoot = await failure(client.addSubdomain('acme', 'elsewhere.test'))
    assert.isTrue(duplicate.alreadyExists)
    assert.match(foreignRoot.errors[0], /elsewhere\.test/)

    await client.deleteSubdomain('acme', 'example.test')
    assert.deepEqual(await client.listSubdomains(), [])
    const again = await failure(client.deleteSubdomain('acme', 'example.test'))
    assert.equal(again.code, 'E_CPANEL_API')
    assert.equal(again.func, 'delsubdomain')
    assert.match(again.errors[0], /does not exist/)
  })

  test('like cPanel, the fake has no UAPI SubDomain/delsubdomain', async ({ assert }) => {
    const response = await fetch(`${url}/execute/SubDomain/delsubdomain?domain=acme.example.test`, {
      headers: { Authorization: `cpanel ${USER}:${token}` },
    })
    const body = (await response.json()) as { status: number; errors: string[] }
    assert.equal(response.status, 200)
    assert.equal(body.status, 0)
    assert.lengthOf(body.errors, 1)
  })

  test('an unreachable host gives E_CPANEL_UNREACHABLE', async ({ assert }) => {
    const { url: closedUrl, stop } = await listen(createTcpServer())
    await stop()

    const error = await failure(
      new UapiClient({ url: closedUrl, user: USER, token }).getRestrictions()
    )
    assert.equal(error.code, 'E_CPANEL_UNREACHABLE')
    assert.include(error.message, 'ECONNREFUSED')
    assert.notInclude(error.message, token)
  })

  test('a host that never answers times out as E_CPANEL_UNREACHABLE', async ({ assert }) => {
    const { url: silentUrl, stop } = await listen(createTcpServer())
    try {
      const error = await failure(
        new UapiClient({ url: silentUrl, user: USER, token, timeoutMs: 200 }).getRestrictions()
      )
      assert.equal(error.code, 'E_CPANEL_UNREACHABLE')
      assert.include(error.message, 'did not answer Mysql/get_restrictions within 200 ms')
    } finally {
      await stop()
    }
  })

  test('a reply that is not UAPI gives E_CPANEL_API without leaking the token', async ({
    assert,
  }) => {
    // A web page that echoes the Authorization header, as a misconfigured proxy might.
    const page = createHttpServer((request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' })
      response.end(
        `<html><body>Function not found (${request.headers.authorization})</body></html>`
      )
    })
    const { url: pageUrl, stop } = await listen(page)
    try {
      const error = await failure(new UapiClient({ url: pageUrl, user: USER, token }).listUsers())
      assert.equal(error.code, 'E_CPANEL_API')
      assert.include(error.message, 'Function not found')
      assert.include(error.message, '[token]')
      assert.notInclude(error.message, token)
    } finally {
      await stop()
    }
  })
})

test.group('cPanel UAPI client over TLS with a self-signed certificate', (group) => {
  const token = randomToken()
  let fake: FakeCpanelServer
  let url: string

  group.each.setup(async () => {
    fake = new FakeCpanelServer({ user: USER, token, prefix: PREFIX, tls: true })
    const started = await fake.start()
    url = started.url
    return () => fake.close()
  })

  test('is refused by default, with a hint an operator can act on', async ({ assert }) => {
    const error = await failure(new UapiClient({ url, user: USER, token }).getRestrictions())
    assert.equal(error.code, 'E_CPANEL_UNREACHABLE')
    assert.include(error.message, 'CPANEL_INSECURE_TLS')
  })

  test('insecureTls accepts it for this client only', async ({ assert }) => {
    const restrictions = await new UapiClient({
      url,
      user: USER,
      token,
      insecureTls: true,
    }).getRestrictions()
    assert.equal(restrictions.prefix, PREFIX)
    // The rest of the process still verifies certificates.
    await assert.rejects(() => fetch(`${url}/execute/Mysql/get_restrictions`))
  })
})

test.group('cPanel naming', () => {
  const restrictions: CpanelRestrictions = {
    prefix: 'cpuser_',
    maxDatabaseNameLength: 64,
    maxUsernameLength: 16,
  }

  test('uses the prefix from get_restrictions verbatim, never the username', ({ assert }) => {
    const long: CpanelRestrictions = {
      prefix: 'hggoffenbach_',
      maxDatabaseNameLength: 64,
      maxUsernameLength: 47,
    }
    assert.equal(tenantDatabaseName('acme-net', long), 'hggoffenbach_acme_net')
    assert.equal(tenantDatabaseUser('acme-net', long, 'rb_t_'), 'hggoffenbach_rb_t_acme_net')
    assert.equal(tenantDatabaseName('acme', { ...long, prefix: null }), 'acme')
  })

  test('counts every underscore twice in a database name', ({ assert }) => {
    assert.equal(databaseNameCost('a_b'), 4)
    assert.equal(databaseNameCost('cpuser_acme_net'), 17)
  })

  test('shortens long slugs deterministically, within the limits, without collisions', ({
    assert,
  }) => {
    const shared = 'a-long-tenant-name-that-shares-its-start-with-another-tenant-'.repeat(2)
    const names = ['one', 'two'].map((end) =>
      tenantDatabaseName(`${shared}${end}`, restrictions, 'rb_t_')
    )
    const users = ['one', 'two'].map((end) => tenantDatabaseUser(`${shared}${end}`, restrictions))

    assert.notEqual(names[0], names[1])
    assert.notEqual(users[0], users[1])
    assert.equal(tenantDatabaseName(`${shared}one`, restrictions, 'rb_t_'), names[0])
    for (const name of names) {
      assert.isAtMost(databaseNameCost(name), 64)
      assert.match(name, /^cpuser_rb_t_a_long_[a-z0-9_]+$/)
    }
    for (const user of users) {
      assert.isAtMost(user.length, 16)
      assert.match(user, /^cpuser_[a-z0-9_]+$/)
    }
  })

  test('keeps apart slugs that would sanitise to the same name', ({ assert }) => {
    const names = ['acme-net', 'acme_net', 'Acme-Net', 'acme.net'].map((slug) =>
      tenantDatabaseName(slug, restrictions)
    )
    assert.equal(names[0], 'cpuser_acme_net')
    assert.equal(new Set(names).size, names.length)
  })

  test('refuses when the prefix leaves no room for a name', ({ assert }) => {
    const cramped: CpanelRestrictions = {
      prefix: 'hggoffenbach_',
      maxDatabaseNameLength: 64,
      maxUsernameLength: 16,
    }
    assert.throws(() => tenantDatabaseUser('acme-network', cramped), /leave 3 of 16 characters/)
  })

  test('generates strong alphanumeric passwords', ({ assert }) => {
    const passwords = Array.from({ length: 50 }, () => generateDatabasePassword())
    for (const password of passwords) {
      assert.match(password, /^[A-Za-z0-9]{32}$/)
      assert.match(password, /[a-z]/)
      assert.match(password, /[A-Z]/)
      assert.match(password, /[0-9]/)
    }
    assert.equal(new Set(passwords).size, passwords.length)
    assert.lengthOf(generateDatabasePassword(40), 40)
    assert.throws(() => generateDatabasePassword(23), RangeError)
  })
})

test.group('fake cPanel backed by MariaDB', (group) => {
  const token = randomToken()
  let fake: FakeCpanelServer
  let client: UapiClient

  group.each.setup(async () => {
    fake = new FakeCpanelServer({ user: USER, token, prefix: PREFIX, mysql: MARIADB })
    const { url } = await fake.start()
    client = new UapiClient({ url, user: USER, token })
    return async () => {
      await fake.purge()
      await fake.close()
    }
  })

  /** Runs a query as MariaDB's administrator. */
  async function asAdmin<T>(sql: string, values: unknown[] = []): Promise<T> {
    const admin = await mysql.createConnection(MARIADB)
    try {
      const [rows] = await admin.query(sql, values)
      return rows as T
    } finally {
      await admin.end()
    }
  }

  async function databaseExists(name: string) {
    const rows = await asAdmin<Record<string, string>[]>('SHOW DATABASES')
    return rows.some((row) => Object.values(row)[0] === name)
  }

  async function provision() {
    const slug = `t-${randomBytes(4).toString('hex')}`
    const restrictions = await client.getRestrictions()
    const tenant = {
      database: tenantDatabaseName(slug, restrictions),
      user: tenantDatabaseUser(slug, restrictions),
      password: generateDatabasePassword(),
    }
    await client.createDatabase(tenant.database)
    await client.createUser(tenant.user, tenant.password)
    await client.setPrivileges(tenant.user, tenant.database, ['ALL PRIVILEGES'])
    return tenant
  }

  test('a database created through the fake exists and its user can connect and work in it', async ({
    assert,
  }) => {
    const tenant = await provision()
    assert.isTrue(await databaseExists(tenant.database))

    const connection = await mysql.createConnection({
      ...MARIADB,
      user: tenant.user,
      password: tenant.password,
      database: tenant.database,
    })
    try {
      await connection.query('CREATE TABLE probe (id INT PRIMARY KEY)')
      await connection.query('INSERT INTO probe VALUES (1)')
      const [rows] = await connection.query('SELECT id FROM probe')
      assert.deepEqual(rows, [{ id: 1 }])
    } finally {
      await connection.end()
    }
    await assert.rejects(() =>
      mysql.createConnection({
        ...MARIADB,
        user: tenant.user,
        password: 'wrong',
        database: tenant.database,
      })
    )
  })

  test('a grant covers exactly its database, although `_` is a wildcard in GRANT', async ({
    assert,
  }) => {
    const tenant = await provision()
    // Same name with the underscore after the prefix replaced: an unescaped grant would match it.
    const lookalike = `${PREFIX}${tenant.database.slice(PREFIX.length).replace('_', 'x')}`
    await client.createDatabase(lookalike)

    await assert.rejects(() =>
      mysql.createConnection({
        ...MARIADB,
        user: tenant.user,
        password: tenant.password,
        database: lookalike,
      })
    )
  })

  test('deleting through the fake drops the database and the user', async ({ assert }) => {
    const tenant = await provision()
    await client.deleteDatabase(tenant.database)
    await client.deleteUser(tenant.user)

    assert.isFalse(await databaseExists(tenant.database))
    assert.lengthOf(
      await asAdmin<unknown[]>('SELECT User FROM mysql.user WHERE User = ?', [tenant.user]),
      0
    )
  })
})
