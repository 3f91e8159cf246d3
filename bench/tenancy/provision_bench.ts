/*
 * Tenant provisioning benchmark (Node part). Started by bench/tenancy/run.sh, which sets the
 * environment of one target; prints Markdown table rows, never asserts.
 *
 *   node --import @poppinss/ts-exec bench/tenancy/provision_bench.ts <target>   # benchmark
 *   node --import @poppinss/ts-exec bench/tenancy/provision_bench.ts cleanup    # drop bench data
 */
import { BENCH_STORAGE, main, reportRow, withBenchApp } from '../support/bench_storage.js'

const STORAGE = BENCH_STORAGE.tenancy
const COUNT = Number(process.env.BENCH_COUNT ?? 100)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

async function bench(target: string) {
  await withBenchApp(STORAGE, async () => {
    // App modules read container bindings at import time: import them only once booted.
    const { default: hash } = await import('@adonisjs/core/services/hash')
    const { default: tenancy } = await import('#tenancy/main')
    const { default: Tenant } = await import('#models/central/tenant')
    const { TenantProvisioningService } = await import('#services/tenant_provisioning_service')

    // Hashed once: password hashing (scrypt/argon2) is deliberately not part of what we time.
    const passwordHash = await hash.make('bench-password-123')
    const service = new TenantProvisioningService()
    const failures: string[] = []

    /** reserve + provision of one tenant, timed (null if it failed); its connection is released after. */
    async function provisionOne(slug: string): Promise<number | null> {
      const started = performance.now()
      const reserved = await service.reserve({
        businessName: `Bench ${slug}`,
        subdomain: slug,
        email: `owner@${slug}.test`,
      })
      const run = await service.provision(reserved.id, { passwordHash, name: `Bench ${slug}` })
      const elapsed = performance.now() - started
      if (run.status !== 'done') {
        failures.push(`${slug}: ${run.error}`)
        return null
      }
      // Keeps file handles / MariaDB connections bounded: one pool per tenant otherwise.
      await tenancy.release(await Tenant.findOrFail(run.tenantId!))
      return elapsed
    }

    async function measure(label: string, prefix: string, count: number, concurrency: number) {
      const durations: number[] = []
      let next = 0
      const worker = async () => {
        while (next < count) {
          const index = next++
          const elapsed = await provisionOne(`${prefix}-${String(index + 1).padStart(3, '0')}`)
          if (elapsed !== null) durations.push(elapsed)
        }
      }
      const started = performance.now()
      await Promise.all(Array.from({ length: concurrency }, worker))
      const total = (performance.now() - started) / 1000
      // Latency figures cover the tenants that were provisioned; failures are counted apart.
      const sorted = durations.sort((a, b) => a - b)
      const ms = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1))
      const mean = sorted.length
        ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length
        : undefined
      const rss = process.memoryUsage().rss / 1024 / 1024
      const cells = [
        target,
        label,
        count,
        count - sorted.length,
        total.toFixed(2),
        ms(mean),
        ms(percentile(sorted, 50)),
        ms(percentile(sorted, 95)),
        rss.toFixed(0),
      ]
      await reportRow(cells)
    }

    await measure('1 (first, cold)', 'one', 1, 1)
    await measure(`${COUNT} sequential`, 'seq', COUNT, 1)
    await measure(`${COUNT} × ${CONCURRENCY} concurrent`, 'par', COUNT, CONCURRENCY)

    if (failures.length) {
      console.error(
        `${failures.length} provisioning run(s) failed:\n  ${failures.slice(0, 10).join('\n  ')}`
      )
      process.exitCode = 1
    }
  })
}

await main(STORAGE, bench)
