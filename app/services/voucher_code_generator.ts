/*
 * Voucher codes from a cryptographically secure source (node:crypto). Each character is drawn
 * by rejection sampling: a random byte is used only when it falls below the largest multiple
 * of the alphabet's size that fits in a byte, so `byte % size` gives every character the same
 * chance (no modulo bias). And the codes still free in the bound tenant.
 */
import { randomBytes } from 'node:crypto'
import { ALPHANUMERIC, ALPHANUMERIC_UNAMBIGUOUS, DIGITS, LOWER, UPPER } from '#helpers/random_text'
import { tenantDb } from '#radius/sql/tenant_db'

/** The character sets a batch can use. */
export const CHARSETS = {
  numeric: DIGITS,
  upper: UPPER,
  lower: LOWER,
  mixed: ALPHANUMERIC,
  no_lookalikes: ALPHANUMERIC_UNAMBIGUOUS,
} as const

/** A character set's name. */
export type VoucherCharset = keyof typeof CHARSETS

/** The names, for validators and forms. */
export const CHARSET_NAMES = Object.keys(CHARSETS) as VoucherCharset[]

// Random bytes drawn at once: one syscall for many characters.
const POOL_SIZE = 64 * 1024

/** Generates random codes `prefix` + `length` characters of one set. */
export class VoucherCodeGenerator {
  readonly alphabet: string
  readonly #limit: number
  #pool = Buffer.alloc(0)
  #offset = 0

  constructor(
    charset: VoucherCharset,
    readonly length: number,
    readonly prefix = ''
  ) {
    this.alphabet = CHARSETS[charset]
    if (!this.alphabet) throw new Error(`Unknown voucher charset "${charset}"`)
    if (!Number.isInteger(length) || length < 1) throw new Error('Code length must be ≥ 1')
    // Bytes at or above this would favour the first characters of the alphabet.
    this.#limit = 256 - (256 % this.alphabet.length)
  }

  /** How many different codes there are (a float above 2^53, which is only ever compared). */
  get spaceSize(): number {
    return this.alphabet.length ** this.length
  }

  /** One code. */
  next(): string {
    let code = this.prefix
    for (let index = 0; index < this.length; index++) code += this.alphabet[this.#index()]
    return code
  }

  /** `count` codes, all different from each other and from `exclude`. */
  many(count: number, exclude: ReadonlySet<string> = new Set()): string[] {
    if (count > this.spaceSize - exclude.size) {
      throw new Error(`Only ${this.spaceSize} codes of this length exist: ${count} more do not fit`)
    }
    const codes = new Set<string>()
    while (codes.size < count) {
      const code = this.next()
      if (!exclude.has(code)) codes.add(code)
    }
    return [...codes]
  }

  /** An unbiased index into the alphabet. */
  #index(): number {
    for (;;) {
      if (this.#offset >= this.#pool.length) {
        this.#pool = randomBytes(POOL_SIZE)
        this.#offset = 0
      }
      const byte = this.#pool[this.#offset++]
      if (byte < this.#limit) return byte % this.alphabet.length
    }
  }
}

/**
 * `size` codes nobody in the bound tenant has (no voucher, no RADIUS user such as a customer's
 * login): the taken ones are drawn again, up to `rounds` times; null when some still are.
 */
export async function freeCodes(
  generator: VoucherCodeGenerator,
  size: number,
  rounds: number
): Promise<string[] | null> {
  const rejected = new Set<string>()
  let codes = generator.many(size)
  for (let round = 0; round < rounds; round++) {
    const taken = await takenOf(codes)
    if (taken.size === 0) return codes
    for (const code of taken) rejected.add(code)
    const kept = codes.filter((code) => !taken.has(code))
    codes = kept.concat(generator.many(size - kept.length, new Set([...rejected, ...kept])))
  }
  return null
}

/** How many vouchers of the bound tenant have a code of `prefix` and `length` more characters. */
export async function codesShaped(prefix: string, length: number): Promise<number> {
  const pattern = `${prefix.replace(/[!%_]/g, (char) => `!${char}`)}${'_'.repeat(length)}`
  const [row] = await tenantDb()
    .client.from('vouchers')
    .whereRaw(`code like ? escape '!'`, [pattern])
    .count('* as total')
  return Number(row.total)
}

async function takenOf(codes: string[]): Promise<Set<string>> {
  const { client } = tenantDb()
  const [vouchers, users] = await Promise.all([
    client.from('vouchers').whereIn('code', codes).select('code'),
    client.from('radcheck').whereIn('username', codes).distinct('username'),
  ])
  return new Set([
    ...vouchers.map((row: { code: string }) => row.code),
    ...users.map((row: { username: string }) => row.username),
  ])
}
