/*
 * RFC 5080 §2.2.2 duplicate detection: a request with the same source IP, source port,
 * Identifier and Request Authenticator as one already seen is a retransmission. It gets the
 * cached reply (or nothing while the first copy is still being processed), never a second
 * evaluation. One cache per listening socket, so auth and accounting never collide.
 */

/** A request being processed or answered. */
export interface CacheEntry {
  readonly address: string
  readonly port: number
  readonly identifier: number
  /** The Request Authenticator as four words (compared without allocating). */
  readonly a0: number
  readonly a1: number
  readonly a2: number
  readonly a3: number
  /** Null while in flight. */
  reply: Buffer | null
  /** Times a retransmission of this request arrived. */
  hits: number
  expiresAt: number
}

function key(port: number, identifier: number): number {
  return port * 256 + identifier
}

/** Retransmission cache keyed by source address, then source port and Identifier. */
export class DuplicateCache {
  #bySource = new Map<string, Map<number, CacheEntry>>()
  // Answered entries in expiry order (appended with a constant window, so already sorted).
  #queue: (CacheEntry | undefined)[] = []
  #head = 0
  #size = 0
  #windowMs: number
  #maxEntries: number

  /**
   * @param windowMs how long an answered request is remembered (FreeRADIUS' cleanup_delay is 5 s)
   * @param maxEntries bound on memory; the oldest answers are forgotten first
   */
  constructor(windowMs = 10_000, maxEntries = 200_000) {
    this.#windowMs = windowMs
    this.#maxEntries = maxEntries
  }

  /**
   * The entry for this request. When `hits` is 0 it is new and now in flight: call
   * {@link complete} or {@link abandon} for it. Otherwise it is a retransmission.
   */
  enter(
    address: string,
    port: number,
    identifier: number,
    authenticator: Buffer,
    now: number
  ): CacheEntry {
    this.#expire(now)
    let entries = this.#bySource.get(address)
    if (!entries) {
      entries = new Map()
      this.#bySource.set(address, entries)
    }
    const id = key(port, identifier)
    const a0 = authenticator.readUInt32BE(0)
    const a1 = authenticator.readUInt32BE(4)
    const a2 = authenticator.readUInt32BE(8)
    const a3 = authenticator.readUInt32BE(12)
    const existing = entries.get(id)
    if (
      existing &&
      existing.a0 === a0 &&
      existing.a1 === a1 &&
      existing.a2 === a2 &&
      existing.a3 === a3
    ) {
      existing.hits++
      return existing
    }
    // A different authenticator under the same Identifier is a new request (RFC 5080 §2.2.2).
    if (!existing) this.#size++
    const entry: CacheEntry = {
      address,
      port,
      identifier,
      a0,
      a1,
      a2,
      a3,
      reply: null,
      hits: 0,
      expiresAt: 0,
    }
    entries.set(id, entry)
    return entry
  }

  /** Stores the reply sent for an entry from {@link enter}; retransmissions get it again. */
  complete(entry: CacheEntry, reply: Buffer, now: number): void {
    entry.reply = reply
    entry.expiresAt = now + this.#windowMs
    this.#queue.push(entry)
    if (this.#size > this.#maxEntries) this.#expire(now, this.#size - this.#maxEntries)
  }

  /** Forgets an unanswered entry, so the NAS's retransmission is evaluated afresh. */
  abandon(entry: CacheEntry): void {
    this.#remove(entry)
  }

  #remove(entry: CacheEntry): void {
    const entries = this.#bySource.get(entry.address)
    const id = key(entry.port, entry.identifier)
    if (entries?.get(id) !== entry) return
    entries.delete(id)
    this.#size--
    if (entries.size === 0) this.#bySource.delete(entry.address)
  }

  #expire(now: number, atLeast = 0): void {
    let removed = 0
    while (this.#head < this.#queue.length) {
      const entry = this.#queue[this.#head]!
      if (removed >= atLeast && entry.expiresAt > now) break
      this.#queue[this.#head++] = undefined
      this.#remove(entry)
      removed++
    }
    // Compact once the consumed prefix dominates, keeping push/shift amortised O(1).
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
  }
}
