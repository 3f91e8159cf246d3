import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** `node ace vouchers:generate`: a voucher batch from the command line, with a progress bar. */
export default class VouchersGenerate extends BaseCommand {
  static commandName = 'vouchers:generate'
  static description = 'Generate a batch of vouchers (with their RADIUS users) for a tenant'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Slug of the tenant', required: true })
  declare tenant: string

  @flags.string({ description: 'Package id or name', required: true })
  declare package: string

  @flags.number({ description: 'How many vouchers (1–100,000)', required: true })
  declare quantity: number

  @flags.string({ description: 'Code prefix, e.g. HS' })
  declare prefix?: string

  @flags.number({ description: 'Characters after the prefix', default: 8 })
  declare length: number

  @flags.string({
    description: 'numeric | upper | lower | mixed | no_lookalikes',
    default: 'no_lookalikes',
  })
  declare charset: string

  @flags.boolean({ description: 'Give each voucher a password of its own (default: = code)' })
  declare separatePassword?: boolean

  @flags.string({ description: 'Last day unused vouchers work (YYYY-MM-DD)' })
  declare unusedUntil?: string

  @flags.string({ description: 'A note on the batch' })
  declare note?: string

  async run() {
    const { default: Tenant } = await import('#models/central/tenant')
    const { default: tenancy } = await import('#tenancy/main')
    const { default: Package } = await import('#models/tenant/package')
    const { errors } = await import('@vinejs/vine')
    const { voucherBatchValidator } = await import('#validators/voucher_validator')
    const { endOfDay, VoucherBatchError, VoucherBatchService } =
      await import('#services/voucher_batch_service')
    const tenant = await Tenant.findBy('slug', this.tenant)
    if (!tenant) return this.#fail(`No tenant "${this.tenant}"`)
    await tenancy.run(tenant, async () => {
      const pkg = /^\d+$/.test(this.package)
        ? await Package.find(Number(this.package))
        : await Package.findBy('name', this.package)
      if (!pkg) return this.#fail(`No package "${this.package}" in ${tenant.slug}`)
      try {
        const data = await voucherBatchValidator.validate({
          packageId: pkg.id,
          quantity: this.quantity,
          prefix: this.prefix ?? null,
          codeLength: this.length,
          charset: this.charset,
          loginMode: this.separatePassword ? 'separate' : 'same',
          unusedUntil: this.unusedUntil ?? null,
          note: this.note ?? null,
        })
        const started = performance.now()
        const batch = await new VoucherBatchService().generateNow(
          {
            ...data,
            unusedExpiresAt: data.unusedUntil ? endOfDay(data.unusedUntil, tenant.timezone) : null,
          },
          { id: null, name: 'CLI' },
          (done, total) => this.#draw(done, total)
        )
        process.stdout.write('\n')
        const seconds = ((performance.now() - started) / 1000).toFixed(1)
        this.logger.success(`Batch #${batch.id}: ${batch.generated} vouchers in ${seconds} s`)
      } catch (error) {
        if (error instanceof errors.E_VALIDATION_ERROR) {
          return this.#fail(error.messages.map((m: any) => `${m.field}: ${m.message}`).join('\n'))
        }
        if (error instanceof VoucherBatchError) return this.#fail(error.message)
        throw error
      }
    })
  }

  /** `[██████░░░░] 60%  60000/100000` on one line, redrawn in place. */
  #draw(done: number, total: number) {
    const width = 30
    const filled = Math.round((done / total) * width)
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
    const percent = String(Math.floor((done / total) * 100)).padStart(3)
    process.stdout.write(`\r[${bar}] ${percent}%  ${done}/${total}`)
  }

  #fail(message: string) {
    this.logger.error(message)
    this.exitCode = 1
  }
}
