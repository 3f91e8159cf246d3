/*
 * RADIUS benchmark data (Node part that boots the app). Started by bench/radius/run.sh, which
 * sets an environment that points only at `rbbench_*` MariaDB databases and tmp/bench/.
 *
 *   node --import @poppinss/ts-exec bench/radius/setup.ts load      # tenants, users, NAS, manifest
 *   node --import @poppinss/ts-exec bench/radius/setup.ts cleanup   # drop every rbbench_* database
 *   node --import @poppinss/ts-exec bench/radius/setup.ts mariadb-version
 *
 * `load` provisions BENCH_TENANTS tenants through TenantProvisioningService, bulk-loads
 * BENCH_USERS users spread over them (Cleartext-Password in radcheck, one Mikrotik-Rate-Limit in
 * radreply, multi-row INSERTs in one transaction per tenant that also bumps the tenant's RADIUS
 * version, as every writer of those tables must), registers one NAS per tenant (all behind
 * 127.0.0.1, told apart by NAS-Identifier and secret) and writes tmp/bench/radius/manifest.json
 * for the load generators and the FreeRADIUS configuration.
 */
import 'reflect-metadata'
import { mkdir, writeFile } from 'node:fs/promises'
import {
  APP_ROOT,
  BENCH_STORAGE,
  checkIsolation,
  cleanup,
  mariadbVersion,
  withBenchApp,
} from '../support/bench_storage.js'
import { userOf, type BenchManifest } from './manifest.js'

const STORAGE = BENCH_STORAGE.radius
const TENANTS = Number(process.env.BENCH_TENANTS ?? 10)
const USERS = Number(process.env.BENCH_USERS ?? 100_000)
const MANIFEST = new URL(`${STORAGE.folder}/manifest.json`, APP_ROOT)
const ROWS_PER_INSERT = 2000
// BENCH_PACKAGES=N: each tenant sells N packages, RADIUS groups as the product writes them
// (package_service.ts), and every user is a member of one (user j of package j mod N).
const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 0)

async function load() {
  checkIsolation(STORAGE)
  // FreeRADIUS reads the same tenant databases: they must be on MariaDB.
  if (process.env.DB_CONNECTION !== 'mysql' || process.env.TENANCY_DRIVER !== 'mysql') {
    throw new Error('Run through bench/radius/run.sh: the data must be on MariaDB')
  }
  await cleanup(STORAGE)
  await mkdir(new URL(`${STORAGE.folder}/`, APP_ROOT), { recursive: true })
  await withBenchApp(STORAGE, async () => {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { default: tenancy } = await import('#tenancy/main')
    const { default: Tenant } = await import('#models/central/tenant')
    const { TenantProvisioningService } = await import('#services/tenant_provisioning_service')
    const { NasRegistryService } = await import('#services/nas_registry_service')
    const { radiusGroupsChanged } = await import('#radius/users/auth_profile_cache')

    const service = new TenantProvisioningService()
    const manifest: BenchManifest = { createdAt: new Date().toISOString(), tenants: [] }
    const perTenant = Math.ceil(USERS / TENANTS)
    for (let t = 0; t < TENANTS; t++) {
      const slug = `rbbench-r${t}`
      const started = performance.now()
      const reserved = await service.reserve({
        businessName: `Bench RADIUS ${t}`,
        subdomain: slug,
        email: `owner@${slug}.test`,
      })
      const run = await service.provision(reserved.id, { passwordHash: 'x', name: `Bench ${t}` })
      if (run.status !== 'done') throw new Error(`provisioning ${slug} failed: ${run.error}`)
      const tenant = await Tenant.findOrFail(run.tenantId!)
      const users = Math.min(perTenant, USERS - t * perTenant)
      await tenancy.run(tenant, async () => {
        const connection = db.connection(tenancy.connectionName(tenant))
        await connection.transaction(async (trx) => {
          for (let from = 0; from < users; from += ROWS_PER_INSERT) {
            const count = Math.min(ROWS_PER_INSERT, users - from)
            const check: string[] = []
            const reply: string[] = []
            const memberships: (string | number)[] = []
            for (let j = from; j < from + count; j++) {
              const { username, password } = userOf(t, j)
              check.push(username, 'Cleartext-Password', ':=', password)
              reply.push(username, 'Mikrotik-Rate-Limit', '=', `${1 + (j % 10)}M/${5 + (j % 20)}M`)
              if (PACKAGES > 0) memberships.push(username, `bench-pkg-${j % PACKAGES}`, 1)
            }
            if (memberships.length > 0) {
              await trx.rawQuery(
                `INSERT INTO radusergroup (username, groupname, priority) VALUES ${Array.from(
                  { length: count },
                  () => '(?, ?, ?)'
                ).join(', ')}`,
                memberships
              )
            }
            const values = Array.from({ length: count }, () => '(?, ?, ?, ?)').join(', ')
            await trx.rawQuery(
              `INSERT INTO radcheck (username, attribute, op, value) VALUES ${values}`,
              check
            )
            await trx.rawQuery(
              `INSERT INTO radreply (username, attribute, op, value) VALUES ${values}`,
              reply
            )
          }
          for (let p = 0; p < PACKAGES; p++) {
            const groupname = `bench-pkg-${p}`
            const rows = [
              ['Mikrotik-Rate-Limit', `${p + 1}M/${p + 2}M 0/0 0/0 0/0 8 0/0`],
              ['Acct-Interim-Interval', '300'],
              ['Idle-Timeout', '900'],
            ]
            for (const [attribute, value] of rows) {
              await trx.table('radgroupreply').insert({ groupname, attribute, op: '=', value })
            }
          }
          // A bulk write invalidates every cached profile of the tenant, in its transaction.
          await radiusGroupsChanged(trx)
        })
      })
      const identifier = `rbbench-nas-${t}`
      const secret = `rbbench-secret-${t}-${Math.random().toString(36).slice(2, 10)}`
      await NasRegistryService.create(tenant, {
        name: identifier,
        ipAddress: '127.0.0.1',
        identifier,
        secret,
        requireMessageAuthenticator: true,
      })
      manifest.tenants.push({
        index: t,
        slug,
        dbName: tenant.dbName,
        nasIdentifier: identifier,
        secret,
        users,
      })
      await tenancy.release(tenant)
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      console.log(`  tenant ${slug}: ${users} users loaded into ${tenant.dbName} (${seconds} s)`)
    }
    await writeFile(MANIFEST, JSON.stringify(manifest, null, 2))
  })
}

const command = process.argv[2]
if (command === 'cleanup') await cleanup(STORAGE)
else if (command === 'mariadb-version') console.log(await mariadbVersion())
else if (command === 'load') await load()
else throw new Error('usage: setup.ts load | cleanup | mariadb-version')
