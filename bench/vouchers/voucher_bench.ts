/*
 * Voucher benchmark (Node part). Started by bench/vouchers/run.sh, which sets the environment
 * of one target; prints Markdown table rows, never asserts.
 *
 *   node --import @poppinss/ts-exec bench/vouchers/voucher_bench.ts <target>   # benchmark
 *   node --import @poppinss/ts-exec bench/vouchers/voucher_bench.ts cleanup    # drop bench data
 */
import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import { BENCH_STORAGE, main, reportRow, withBenchApp } from '../support/bench_storage.js'

const STORAGE = BENCH_STORAGE.vouchers
const SIZES = (process.env.BENCH_SIZES ?? '10000 100000').split(/\s+/).filter(Boolean).map(Number)
// A fresh shared key for the bench's NAS each run.
const NAS_KEY = randomBytes(12).toString('hex')

/** A sink that takes everything at once (the fastest possible reader). */
function sink() {
  return new Writable({ write: (_chunk, _encoding, done) => done() })
}

async function bench(target: string) {
  await withBenchApp(STORAGE, async () => {
    // App modules read container bindings at import time: import them only once booted.
    const { default: tenancy } = await import('#tenancy/main')
    const { PackageService } = await import('#services/package_service')
    const { VoucherBatchService } = await import('#services/voucher_batch_service')
    const { VoucherPdfService } = await import('#services/voucher_pdf_service')
    const { ExcelExportService } = await import('#services/excel_export_service')
    const { VoucherTemplateService, toPrintTemplate } =
      await import('#services/voucher_template_service')
    const { createTenant } = await import('#tests/helpers/tenants')
    const { packageInput } = await import('#tests/functional/catalogue/helpers')
    const { addNas, radclient, startTestServer, V4 } =
      await import('#tests/functional/radius_server/support')

    const { tenant } = await createTenant({ slug: 'vbench' })
    if (!tenant) throw new Error('the bench tenant could not be provisioned')
    await addNas(tenant, { ipAddress: V4, secret: NAS_KEY })
    const server = await startTestServer({})
    const pkg = await tenancy.run(tenant, () =>
      new PackageService().create(
        packageInput({
          name: 'Bench 1 Hari',
          validityUnit: 'days',
          validityValue: 1,
          validityStart: 'first_login',
        })
      )
    )

    try {
      for (const size of SIZES) {
        const started = performance.now()
        const batch = await tenancy.run(tenant, async () => {
          const service = new VoucherBatchService()
          const created = await service.create(
            {
              packageId: pkg.id,
              quantity: size,
              prefix: `B${size}`,
              codeLength: 8,
              charset: 'no_lookalikes',
              loginMode: 'same',
            },
            { id: null, name: 'bench' }
          )
          return service.generate(created.id)
        })
        const generated = (performance.now() - started) / 1000
        const { default: Voucher } = await import('#models/tenant/voucher')
        const last = await tenancy.run(tenant, () =>
          Voucher.query().where('batch_id', batch.id).orderBy('id', 'desc').firstOrFail()
        )
        const authStarted = performance.now()
        const run = await radclient(
          { address: V4, port: server.port('auth') },
          'auth',
          NAS_KEY,
          `User-Name = "${last.code}"\nUser-Password = "${last.password}"\nService-Type = Login-User\nMessage-Authenticator = 0x00\n`
        )
        const accepted = performance.now()
        if (run.received[0]?.type !== 'Access-Accept')
          throw new Error(`last voucher refused: ${run.output}`)

        const timed = async (work: () => Promise<unknown>) => {
          const at = performance.now()
          await tenancy.run(tenant, work as () => Promise<void>)
          return ((performance.now() - at) / 1000).toFixed(1)
        }
        const template = await tenancy.run(tenant, async () => ({
          ...toPrintTemplate(await new VoucherTemplateService().builtIn('qr_card')),
          hotspotDns: 'login.bench.net',
        }))
        const pdf =
          process.env.BENCH_FILES === 'off'
            ? '–'
            : await timed(() =>
                new VoucherPdfService().write(batch, template, sink(), {
                  code: 'Code',
                  username: 'User',
                  password: 'Pass',
                  validity: (value, unit) => `${value} ${unit}`,
                })
              )
        const xlsx =
          process.env.BENCH_FILES === 'off'
            ? '–'
            : await timed(() =>
                new ExcelExportService().write('vouchers', 'xlsx', sink(), batch.id)
              )
        const rss = process.memoryUsage().rss / 1024 / 1024
        const cells = [
          target,
          size.toLocaleString('en'),
          generated.toFixed(2),
          Math.round(size / generated).toLocaleString('en'),
          ((accepted - started) / 1000).toFixed(2),
          (accepted - authStarted).toFixed(0),
          pdf,
          xlsx,
          rss.toFixed(0),
        ]
        await reportRow(cells)
      }
    } finally {
      await server.stop()
    }
  })
}

await main(STORAGE, bench)
