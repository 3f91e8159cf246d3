/*
 * Voucher batches: created as a row, then written by a job (GenerateVoucherBatchJob) in chunks,
 * each chunk one transaction holding its vouchers, their RADIUS rows and the progress count —
 * so every voucher the batch counts can log in, and "done" means all of them can. Codes are
 * unique in the tenant by the vouchers.code key: codes already taken (by another batch, or a
 * customer's username) are drawn again before the insert, and a chunk that still collides with
 * a batch written at the same moment is rolled back and drawn again. Nothing is dropped.
 */
import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import Nas from '#models/central/nas'
import Package from '#models/tenant/package'
import VoucherBatch, { type VoucherLoginMode } from '#models/tenant/voucher_batch'
import { tenantContext } from '#tenancy/tenant_context'
import { inTenantTransaction, tenantDb } from '#radius/sql/tenant_db'
import { userSettingsOf } from '#services/package_radius_mapper'
import { insertRows } from '#radius/sql/insert_rows'
import { RadiusUserService, type NewRadiusUser } from '#services/radius_user_service'
import {
  codesShaped,
  freeCodes,
  VoucherCodeGenerator,
  type VoucherCharset,
} from '#services/voucher_code_generator'

/** What the operator asks for. */
export interface VoucherBatchInput {
  packageId: number
  quantity: number
  prefix?: string | null
  codeLength: number
  charset: VoucherCharset
  loginMode: VoucherLoginMode
  /** Defaults to the package's price. */
  price?: number | null
  /** Unused vouchers stop working then. */
  unusedExpiresAt?: Date | null
  /** Only on these NAS (central ids); empty or absent: every NAS. */
  nasIds?: number[] | null
  note?: string | null
  templateId?: number | null
}

/** Who generates it (seller attribution). */
export interface VoucherActor {
  id: number | null
  name: string
}

/** Why a batch was refused or stopped. */
export class VoucherBatchError extends Error {
  constructor(
    message: string,
    readonly code: 'E_VOUCHER_CODE_SPACE' | 'E_VOUCHER_PACKAGE' | 'E_VOUCHER_NAS',
    readonly field: 'codeLength' | 'packageId' | 'nasIds'
  ) {
    super(message)
    this.name = 'VoucherBatchError'
  }
}

/** Largest batch. */
export const MAX_QUANTITY = 100_000

// Chunks written at once on MySQL: InnoDB takes two transactions' inserts in parallel (SQLite
// has a single writer, so it writes one chunk after the other).
const MYSQL_LANES = 2

// Draws of a chunk before giving up: only a nearly full code space needs more than two.
const MAX_ROUNDS = 25

/** A concurrent batch won a code (or InnoDB picked this chunk as a deadlock victim). */
function lostRace(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? ''
  return ['ER_DUP_ENTRY', 'ER_LOCK_DEADLOCK'].includes(code) || code.startsWith('SQLITE_CONSTRAINT')
}

/** The last moment of `day` (YYYY-MM-DD) in `zone`: when "valid until that day" ends. */
export function endOfDay(day: string, zone: string): Date {
  return DateTime.fromISO(day, { zone }).endOf('day').toJSDate()
}

/** Vouchers per chunk: about twenty steps of progress, each between 50 and 5,000 vouchers. */
export function chunkSizeFor(quantity: number): number {
  return Math.max(50, Math.min(5_000, Math.ceil(quantity / 20)))
}

/** Creates, generates and acts on the voucher batches of the bound tenant. */
export class VoucherBatchService {
  readonly #clock: () => Date
  readonly #codesFor: (batch: VoucherBatch) => VoucherCodeGenerator

  /** `codesFor` is a test seam: batches drawing the same codes must still both complete. */
  constructor(
    options: { clock?: () => Date; codesFor?: (batch: VoucherBatch) => VoucherCodeGenerator } = {}
  ) {
    this.#clock = options.clock ?? (() => new Date())
    this.#codesFor =
      options.codesFor ??
      ((batch) => new VoucherCodeGenerator(batch.charset, batch.codeLength, batch.prefix))
  }

  /** The batch list, newest first, as a query to page over. */
  listQuery() {
    return VoucherBatch.query()
  }

  /** Records a queued batch (nothing generated yet); refuses a code space too small for it. */
  async create(input: VoucherBatchInput, actor: VoucherActor): Promise<VoucherBatch> {
    const pkg = await Package.find(input.packageId)
    if (!pkg) throw new VoucherBatchError('Unknown package', 'E_VOUCHER_PACKAGE', 'packageId')
    const prefix = input.prefix ?? ''
    const space = new VoucherCodeGenerator(input.charset, input.codeLength, prefix).spaceSize
    // Half the space at most, counting the codes of this shape already out: beyond that, most
    // draws collide and generation crawls.
    const existing = space / 2 > input.quantity ? await codesShaped(prefix, input.codeLength) : 0
    if ((existing + input.quantity) * 2 > space) {
      throw new VoucherBatchError(
        `${input.codeLength} ${input.charset} characters give ${space} codes (${existing} used): too few for ${input.quantity} vouchers`,
        'E_VOUCHER_CODE_SPACE',
        'codeLength'
      )
    }
    const nasIds = [...new Set(input.nasIds ?? [])].sort((a, b) => a - b)
    const own = await Nas.query()
      .where('tenant_id', tenantContext.require().tenant.id)
      .whereIn('id', nasIds)
    if (own.length !== nasIds.length) {
      throw new VoucherBatchError('Unknown NAS', 'E_VOUCHER_NAS', 'nasIds')
    }
    return VoucherBatch.create({
      packageId: pkg.id,
      packageName: pkg.name,
      groupName: pkg.groupName,
      quantity: input.quantity,
      generated: 0,
      status: 'queued',
      prefix,
      codeLength: input.codeLength,
      charset: input.charset,
      loginMode: input.loginMode,
      price: input.price ?? pkg.price,
      unusedExpiresAt: input.unusedExpiresAt ? DateTime.fromJSDate(input.unusedExpiresAt) : null,
      nasIds: nasIds.length ? nasIds.join(',') : null,
      note: input.note ?? null,
      templateId: input.templateId ?? null,
      createdBy: actor.id,
      createdByName: actor.name,
    })
  }

  /** Records the batch and queues its generation; the progress page watches the row. */
  async start(input: VoucherBatchInput, actor: VoucherActor): Promise<VoucherBatch> {
    const batch = await this.create(input, actor)
    const { default: GenerateVoucherBatchJob } = await import('#jobs/generate_voucher_batch_job')
    try {
      await GenerateVoucherBatchJob.dispatch({
        tenantId: tenantContext.require().tenant.id,
        batchId: batch.id,
      })
    } catch (error) {
      // The queue refused it (or, inline, the job failed): the row must not stay "queued".
      await this.#fail(batch.id, error)
    }
    return batch.refresh()
  }

  /** Records and generates at once, in this process (the counter, the CLI). */
  async generateNow(
    input: VoucherBatchInput,
    actor: VoucherActor,
    onProgress?: (generated: number, quantity: number) => void
  ): Promise<VoucherBatch> {
    const batch = await this.create(input, actor)
    return this.generate(batch.id, onProgress)
  }

  /**
   * Writes the batch's missing vouchers (all of them, or the rest after an interrupted run)
   * and marks it done; on failure marks it failed with the reason and rethrows.
   */
  async generate(
    batchId: number,
    onProgress?: (generated: number, quantity: number) => void
  ): Promise<VoucherBatch> {
    const batch = await VoucherBatch.findOrFail(batchId)
    if (batch.status === 'done') return batch
    try {
      const pkg = await Package.find(batch.packageId ?? 0)
      if (!pkg)
        throw new VoucherBatchError('The package was removed', 'E_VOUCHER_PACKAGE', 'packageId')
      const [{ total }] = await tenantDb()
        .client.from('vouchers')
        .where('batch_id', batch.id)
        .count('* as total')
      let generated = Number(total)
      batch.merge({ status: 'running', generated, error: null })
      await batch.save()
      const codes = this.#codesFor(batch)
      const passwords = new VoucherCodeGenerator(batch.charset, batch.codeLength)
      const template = this.#userTemplate(batch, pkg)
      const chunk = chunkSizeFor(batch.quantity)
      let scheduled = generated
      let stopped = false
      // Each lane writes one chunk at a time; MySQL runs the lanes' transactions side by side.
      const lane = async () => {
        while (scheduled < batch.quantity && !stopped) {
          const size = Math.min(chunk, batch.quantity - scheduled)
          scheduled += size
          try {
            await this.#writeChunk(batch, size, { codes, passwords, template })
          } catch (error) {
            stopped = true
            throw error
          }
          generated += size
          onProgress?.(generated, batch.quantity)
        }
      }
      const lanes = tenantDb().dialect.name === 'mysql' ? MYSQL_LANES : 1
      const results = await Promise.allSettled(Array.from({ length: lanes }, lane))
      const failure = results.find((result) => result.status === 'rejected')
      if (failure) throw failure.reason
      batch.merge({ status: 'done', generated, finishedAt: DateTime.now() })
      await batch.save()
      return batch
    } catch (error) {
      await this.#fail(batch.id, error)
      throw error
    }
  }

  /** One chunk in one transaction, drawn again while it collides with codes taken meanwhile. */
  async #writeChunk(
    batch: VoucherBatch,
    size: number,
    tools: {
      codes: VoucherCodeGenerator
      passwords: VoucherCodeGenerator
      template: Omit<NewRadiusUser, 'username' | 'password'>
    }
  ): Promise<void> {
    for (let round = 1; ; round++) {
      const codes = await this.#freeCodes(tools.codes, size)
      const users: NewRadiusUser[] = codes.map((code) => ({
        ...tools.template,
        username: code,
        password: batch.loginMode === 'same' ? code : tools.passwords.next(),
      }))
      try {
        await inTenantTransaction(undefined, async (trx) => {
          const rows = users.map((user) => [batch.id, user.username, user.password])
          await insertRows(trx, 'vouchers', ['batch_id', 'code', 'password'], rows)
          await trx.rawQuery('UPDATE voucher_batches SET generated = generated + ? WHERE id = ?', [
            size,
            batch.id,
          ])
          await new RadiusUserService().createMany(users, { trx })
        })
        return
      } catch (error) {
        // Another batch committed one of these codes after we looked: draw again.
        if (!lostRace(error) || round >= MAX_ROUNDS) throw error
      }
    }
  }

  /** `size` codes nobody has, or the batch stops: the code space is nearly full. */
  async #freeCodes(generator: VoucherCodeGenerator, size: number): Promise<string[]> {
    const codes = await freeCodes(generator, size, MAX_ROUNDS)
    if (codes) return codes
    throw new VoucherBatchError(
      'Almost every code of this length is taken: choose a longer code or another prefix',
      'E_VOUCHER_CODE_SPACE',
      'codeLength'
    )
  }

  /**
   * What every voucher of the batch gets besides its password: the package's group, validity
   * (from the first login, or from now) and MAC binding, the unused deadline, the NAS limit.
   */
  #userTemplate(batch: VoucherBatch, pkg: Package) {
    const settings = userSettingsOf(pkg, this.#clock(), this.#zone())
    const deadline = batch.unusedExpiresAt?.toJSDate() ?? null
    if (deadline) {
      // Beside Rb-Access-Period an Expiration is the deadline to start (attribute_names.ts).
      const end = settings.expiration
      settings.expiration = settings.accessPeriod || !end || deadline < end ? deadline : end
    }
    const nas = batch.nasIdList
    return { ...settings, groups: [batch.groupName], allowedNas: nas.length ? nas : undefined }
  }

  async #fail(batchId: number, error: unknown) {
    const message = error instanceof Error ? error.message : String(error)
    logger.error({ err: error, batchId }, 'voucher batch generation failed')
    await VoucherBatch.query()
      .where('id', batchId)
      .whereNot('status', 'done')
      .update({ status: 'failed', error: message.slice(0, 255) })
  }

  #zone(): string {
    return tenantContext.require().tenant.timezone || 'UTC'
  }
}
