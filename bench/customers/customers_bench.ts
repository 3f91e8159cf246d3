/*
 * Customer list benchmark (Node part). Started by bench/customers/run.sh, which sets the
 * environment of one target; loads 100,000 customers into one tenant and prints Markdown table
 * rows with DataTables page times. Prints, never asserts.
 *
 *   node --import @poppinss/ts-exec bench/customers/customers_bench.ts <target>   # benchmark
 *   node --import @poppinss/ts-exec bench/customers/customers_bench.ts cleanup    # drop bench data
 */
import type { SqlValue } from '#radius/sql/tenant_db'
import { BENCH_STORAGE, main, reportRow, withBenchApp } from '../support/bench_storage.js'

const STORAGE = BENCH_STORAGE.customers
const COUNT = Number(process.env.BENCH_CUSTOMERS ?? 100_000)
const REPEAT = Number(process.env.BENCH_REPEAT ?? 7)
const CHUNK = 5000

const FIRST = ['Budi', 'Siti', 'Agus', 'Dewi', 'Eko', 'Rina', 'Joko', 'Sri', 'Andi', 'Wati']
const LAST = ['Santoso', 'Wijaya', 'Saputra', 'Lestari', 'Hidayat', 'Pratama', 'Nugroho', 'Kurnia']
const STATUSES = ['active', 'active', 'active', 'active', 'active', 'active', 'disabled', 'isolir']

/** A DataTables server-side request as the browser sends it (7 columns, 25 rows a page). */
function dataTablesRequest(options: { start?: number; search?: string; order?: [number, string] }) {
  const names = ['username', 'fullName', 'phone', 'service', 'package', 'status', 'expiresAt']
  const [column, dir] = options.order ?? [0, '']
  return {
    draw: 1,
    start: options.start ?? 0,
    length: 25,
    columns: names.map((data) => ({ data, search: { value: '' } })),
    order: dir ? [{ column, dir }] : [],
    search: { value: options.search ?? '' },
  }
}

async function bench(target: string) {
  await withBenchApp(STORAGE, async () => {
    // App modules read container bindings at import time: import them only once booted.
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { default: tenancy } = await import('#tenancy/main')
    const { PackageKind } = await import('#enums/package_kind')
    const { PackageService } = await import('#services/package_service')
    const { packageInput } = await import('#tests/functional/catalogue/helpers')
    const { tenantFixture } = await import('#tests/helpers/tenants')
    const { CUSTOMER_LIST, CustomerService } = await import('#services/customer_service')
    const { DataTableService } = await import('#services/data_table_service')
    const { toSqlTime } = await import('#radius/sql/sql_time')
    const { insertRows } = await import('#radius/sql/insert_rows')

    const tenant = await tenantFixture({ slug: 'custbench' })

    const report = async (request: string, matched: number | string, times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b)
      const median = sorted[Math.floor(sorted.length / 2)]
      const max = sorted[sorted.length - 1]
      await reportRow([target, request, matched, median.toFixed(1), max.toFixed(1)])
    }

    await tenancy.run(tenant, async () => {
      const packages = []
      for (const [name, kind, down] of [
        ['Rumah 10M', PackageKind.Pppoe, 10_000],
        ['Rumah 20M', PackageKind.Pppoe, 20_000],
        ['Hotspot Bulanan', PackageKind.Hotspot, 5000],
      ] as const) {
        packages.push(
          await new PackageService().create(
            packageInput({
              name,
              kind,
              price: 150_000,
              rateUpKbps: 5000,
              rateDownKbps: down,
              validityUnit: 'months',
              validityValue: 1,
            })
          )
        )
      }

      // Bulk load: the rows CustomerService.create writes, many at a time.
      const client = db.connection(tenancy.connectionName(tenant))
      const now = Date.now()
      const started = performance.now()
      const columns = [
        'username',
        'service',
        'full_name',
        'phone',
        'status',
        'package_id',
        'started_at',
        'expires_at',
        'created_at',
        'updated_at',
      ]
      for (let first = 0; first < COUNT; first += CHUNK) {
        const customers: SqlValue[][] = []
        const passwords: SqlValue[][] = []
        const groups: SqlValue[][] = []
        for (let index = first; index < Math.min(first + CHUNK, COUNT); index++) {
          const pkg = packages[index % packages.length]
          const username = `c${String(index).padStart(6, '0')}`
          const created = toSqlTime(new Date(now - index * 60_000))
          customers.push([
            username,
            pkg.kind === PackageKind.Hotspot ? 'hotspot' : 'pppoe',
            `${FIRST[index % FIRST.length]} ${LAST[(index >> 3) % LAST.length]} ${index}`,
            `+62812${String(index * 7919)
              .padStart(8, '0')
              .slice(-8)}`,
            STATUSES[(index * 31) % STATUSES.length],
            pkg.id,
            created,
            toSqlTime(new Date(now + ((index * 7) % 60) * 86_400_000)),
            created,
            created,
          ])
          passwords.push([username, 'Cleartext-Password', ':=', 'x'])
          groups.push([username, pkg.groupName, 1])
        }
        await client.transaction(async (trx) => {
          await insertRows(trx, 'customers', columns, customers)
          await insertRows(trx, 'radcheck', ['username', 'attribute', 'op', 'value'], passwords)
          await insertRows(trx, 'radusergroup', ['username', 'groupname', 'priority'], groups)
        })
      }
      await report(`load ${COUNT.toLocaleString('en')} customers (bulk)`, COUNT, [
        performance.now() - started,
      ])

      const customers = new CustomerService()
      const cases: [string, Parameters<typeof customers.listQuery>[0], object][] = [
        ['first page (newest first)', {}, dataTablesRequest({})],
        ['deep page (last)', {}, dataTablesRequest({ start: COUNT - 25 })],
        [
          'middle page, sorted by name',
          {},
          dataTablesRequest({ start: COUNT / 2, order: [1, 'asc'] }),
        ],
        ['search "santoso 77"', {}, dataTablesRequest({ search: 'santoso 77' })],
        ['search phone "812000"', {}, dataTablesRequest({ search: '812000' })],
        ['filter status=isolir', { status: 'isolir' as never }, dataTablesRequest({})],
        [
          'filter package + kind, sorted by expiry',
          { packageId: packages[1].id, service: 'pppoe' },
          dataTablesRequest({ order: [6, 'desc'] }),
        ],
        [
          'filter isolir + search + sort by name, page 5',
          { status: 'isolir' as never },
          dataTablesRequest({ start: 100, search: 'wijaya', order: [1, 'asc'] }),
        ],
      ]
      for (const [label, filters, request] of cases) {
        const respond = () =>
          DataTableService.respond(request as Record<string, unknown>, {
            query: () => customers.listQuery(filters),
            ...CUSTOMER_LIST,
            serialize: (row) => row,
          })
        const warm = await respond()
        const times: number[] = []
        for (let index = 0; index < REPEAT; index++) {
          const begin = performance.now()
          await respond()
          times.push(performance.now() - begin)
        }
        await report(label, warm.recordsFiltered, times)
      }
    })
    await tenancy.release(tenant)
  })
}

await main(STORAGE, bench)
