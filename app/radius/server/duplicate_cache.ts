/*
 * RFC 5080 §2.2.2 duplicate detection: a request with the same source IP, source port,
 * Identifier and Request Authenticator as one already seen is a retransmission. It gets the
 * cached reply (or nothing while the first copy is still being processed), never a second
 * evaluation. One cache per listening socket, so auth and accounting never collide.
 *
 * Nothing here is an object per request: at thousands of requests a second and a 10 s window,
 * an entry object with its reply Buffer and boxed numbers per request was ~15 MB of heap that
 * outlived the young generation, and every major GC had to walk it (bench/radius/README.md).
 * Entries are slots in typed arrays; replies are bytes appended to blocks. Both are freed in
 * the order the requests were answered, since the window is the same for all.
 */

/** The requests of one source address: (port, Identifier) → slot. */
interface Source {
  readonly address: string
  readonly slots: Map<number, number>
}

const IN_FLIGHT = -1
const INITIAL_SLOTS = 1024
// Replies are kept in blocks of this size (a reply is at most 4,096 bytes), freed as a whole
// once every reply in them expired: memory follows the replies kept, without copies.
const BLOCK_BYTES = 256 * 1024
// Past this, the oldest answers make room (100,000 answers of ~100 bytes need 10 MB).
const MAX_REPLY_BYTES = 32 * 1024 * 1024

function key(port: number, identifier: number): number {
  return port * 256 + identifier
}

function grown<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length)
  bigger.set(array)
  return bigger
}

/** Retransmission cache keyed by source address, then source port and Identifier. */
export class DuplicateCache {
  readonly #windowMs: number
  readonly #maxEntries: number
  readonly #bySource = new Map<string, Source>()
  /** Requests known (in flight or answered), bounded by maxEntries. */
  #size = 0

  // Slots: Request Authenticator as four words, key, source, hits, expiry, reply bytes.
  #authenticators = new Int32Array(INITIAL_SLOTS * 4)
  #keys = new Int32Array(INITIAL_SLOTS)
  #sources: (Source | undefined)[] = []
  #hits = new Int32Array(INITIAL_SLOTS)
  #expiresAt = new Float64Array(INITIAL_SLOTS)
  /** Position of the reply in the blocks (see `#tail`), or IN_FLIGHT. */
  #replyAt = new Float64Array(INITIAL_SLOTS)
  #replyLength = new Int32Array(INITIAL_SLOTS)
  #free: number[] = []
  #slots = 0

  /** Answered slots in expiry order: a ring of `#queue.length`, `#queued` from `#queueHead`. */
  #queue = new Int32Array(INITIAL_SLOTS)
  #queueHead = 0
  #queued = 0

  /** Blocks holding the replies kept, oldest first; `#firstBlock` is the number of the first. */
  #blocks: Buffer[] = []
  #firstBlock = 0
  /** A freed block, reused before allocating another. */
  #spare: Buffer | undefined
  /** Position (block number × BLOCK_BYTES + offset) after the newest reply. */
  #tail = 0

  /**
   * @param windowMs how long an answered request is remembered: 5 s, FreeRADIUS' cleanup_delay.
   *   A retransmission after it is decided again, which is safe: a login is checked afresh, an
   *   accounting write is idempotent. At 12,000 requests/s a 10 s window held 5-6 MB more
   *   (bench/radius/README.md).
   * @param maxEntries bound on memory; the oldest answers are forgotten first
   */
  constructor(windowMs = 5_000, maxEntries = 200_000) {
    this.#windowMs = windowMs
    this.#maxEntries = maxEntries
  }

  /**
   * The slot of this request. When {@link hits} is 0 it is new and now in flight: call
   * {@link complete} or {@link abandon} for it. Otherwise it is a retransmission.
   */
  enter(
    address: string,
    port: number,
    identifier: number,
    authenticator: Buffer,
    now: number
  ): number {
    this.#expire(now, 0)
    let source = this.#bySource.get(address)
    if (!source) {
      source = { address, slots: new Map() }
      this.#bySource.set(address, source)
    }
    const id = key(port, identifier)
    const a0 = authenticator.readInt32BE(0)
    const a1 = authenticator.readInt32BE(4)
    const a2 = authenticator.readInt32BE(8)
    const a3 = authenticator.readInt32BE(12)
    const existing = source.slots.get(id)
    if (existing !== undefined) {
      const words = this.#authenticators
      const at = existing * 4
      if (
        words[at] === a0 &&
        words[at + 1] === a1 &&
        words[at + 2] === a2 &&
        words[at + 3] === a3
      ) {
        this.#hits[existing]++
        return existing
      }
      // A different authenticator under the same Identifier is a new request (RFC 5080 §2.2.2);
      // the old slot is freed when its owner finishes (in flight) or it expires (answered).
    } else {
      this.#size++
    }
    const slot = this.#allocate()
    const at = slot * 4
    this.#authenticators[at] = a0
    this.#authenticators[at + 1] = a1
    this.#authenticators[at + 2] = a2
    this.#authenticators[at + 3] = a3
    this.#keys[slot] = id
    this.#sources[slot] = source
    this.#hits[slot] = 0
    this.#replyAt[slot] = IN_FLIGHT
    source.slots.set(id, slot)
    return slot
  }

  /** Times a retransmission of the request in `slot` arrived. */
  hits(slot: number): number {
    return this.#hits[slot]
  }

  /** A copy of the reply sent for `slot`, or null while it is in flight. */
  reply(slot: number): Buffer | null {
    const at = this.#replyAt[slot]
    if (at === IN_FLIGHT) return null
    const block = this.#blocks[Math.floor(at / BLOCK_BYTES) - this.#firstBlock]
    const start = at % BLOCK_BYTES
    return Buffer.from(block.subarray(start, start + this.#replyLength[slot]))
  }

  /** Stores the reply sent for a slot from {@link enter}; retransmissions get it again. */
  complete(slot: number, reply: Uint8Array, now: number): void {
    if (!this.#current(slot)) {
      // Replaced by a newer request under the same Identifier meanwhile.
      this.#release(slot)
      return
    }
    this.#replyAt[slot] = this.#store(reply)
    this.#replyLength[slot] = reply.length
    this.#expiresAt[slot] = now + this.#windowMs
    if (this.#queued === this.#queue.length) this.#growQueue()
    this.#queue[(this.#queueHead + this.#queued++) % this.#queue.length] = slot
    if (this.#size > this.#maxEntries) this.#expire(now, this.#size - this.#maxEntries)
    while (this.#tail - this.#head() > MAX_REPLY_BYTES) this.#expire(now, 1)
  }

  /** Forgets an unanswered request, so the NAS's retransmission is evaluated afresh. */
  abandon(slot: number): void {
    this.#release(slot)
  }

  #current(slot: number): boolean {
    return this.#sources[slot]!.slots.get(this.#keys[slot]) === slot
  }

  /** Frees `slot`, and its key when the slot still holds it. */
  #release(slot: number): void {
    const source = this.#sources[slot]!
    if (source.slots.get(this.#keys[slot]) === slot) {
      source.slots.delete(this.#keys[slot])
      this.#size--
      if (source.slots.size === 0) this.#bySource.delete(source.address)
    }
    this.#sources[slot] = undefined
    this.#free.push(slot)
  }

  #allocate(): number {
    const slot = this.#free.pop()
    if (slot !== undefined) return slot
    if (this.#slots === this.#keys.length) {
      const length = this.#keys.length * 2
      this.#authenticators = grown(this.#authenticators, length * 4)
      this.#keys = grown(this.#keys, length)
      this.#hits = grown(this.#hits, length)
      this.#expiresAt = grown(this.#expiresAt, length)
      this.#replyAt = grown(this.#replyAt, length)
      this.#replyLength = grown(this.#replyLength, length)
    }
    return this.#slots++
  }

  #growQueue(): void {
    const queue = new Int32Array(this.#queue.length * 2)
    for (let i = 0; i < this.#queued; i++) {
      queue[i] = this.#queue[(this.#queueHead + i) % this.#queue.length]
    }
    this.#queue = queue
    this.#queueHead = 0
  }

  /** The position of the oldest reply still kept. */
  #head(): number {
    return this.#queued === 0 ? this.#tail : this.#replyAt[this.#queue[this.#queueHead]]
  }

  /** Copies `reply` after the newest one (never split across two blocks); returns its position. */
  #store(reply: Uint8Array): number {
    let at = this.#tail
    if ((at % BLOCK_BYTES) + reply.length > BLOCK_BYTES) at += BLOCK_BYTES - (at % BLOCK_BYTES)
    const number = Math.floor(at / BLOCK_BYTES)
    if (this.#blocks.length === 0) this.#firstBlock = number
    while (this.#firstBlock + this.#blocks.length <= number) {
      this.#blocks.push(this.#spare ?? Buffer.allocUnsafeSlow(BLOCK_BYTES))
      this.#spare = undefined
    }
    this.#blocks[number - this.#firstBlock].set(reply, at % BLOCK_BYTES)
    this.#tail = at + reply.length
    return at
  }

  /** Frees the blocks before the oldest reply kept. */
  #releaseBlocks(): void {
    const first = Math.floor(this.#head() / BLOCK_BYTES)
    while (this.#blocks.length > 0 && this.#firstBlock < first) {
      this.#spare = this.#blocks.shift()
      this.#firstBlock++
    }
  }

  /** Forgets answers past their window, and at least `atLeast` of the oldest. */
  #expire(now: number, atLeast: number): void {
    let removed = 0
    while (this.#queued > 0) {
      const slot = this.#queue[this.#queueHead]
      if (removed >= atLeast && this.#expiresAt[slot] > now) break
      this.#queueHead = (this.#queueHead + 1) % this.#queue.length
      this.#queued--
      this.#release(slot)
      removed++
    }
    if (removed > 0) this.#releaseBlocks()
  }
}
