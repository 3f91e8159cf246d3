/*
 * Group commit for the per-packet writes of the hot path (radpostauth rows, radacct upserts).
 * The first row of an idle key is written once the event loop has run the callbacks of the
 * datagrams already received (setImmediate), so a burst read in one turn shares one write;
 * rows that arrive while that write is in flight are written together by the next one, as one
 * multi-row statement: one round trip and one log flush for many packets under load, no timer
 * when idle. Each submit resolves only when its own row is committed, so a reply still follows
 * its write. When a multi-row write fails, its rows are retried one by one, so one bad row
 * cannot fail the others.
 *
 * Rows nobody waits for (the auth log, written after the reply) are added without a promise
 * and may linger: the first row of a key waits `lingerMs` for others (less once a whole batch
 * is queued, or when someone waits for `settled`), so a tenant's logins share one statement
 * even at low load. Such a row holds nothing but itself meanwhile (no promise and callbacks
 * per row kept that long); its failure goes to `onError`.
 * Lookups batch the same way: the statement gives one result per row (Result).
 */

interface Waiter<Result> {
  resolve: (result: Result) => void
  reject: (error: unknown) => void
}

interface Queue<Row, Result> {
  rows: Row[]
  /** Per row: who waits for it, or null for an added row. */
  waiters: (Waiter<Result> | null)[]
  writing: boolean
  drained?: Promise<void>
  /** Ends the linger of its first write now. */
  wake?: () => void
}

/**
 * Writes (or looks up) rows of one key (e.g. one tenant connection and statement) in one
 * statement; a lookup resolves with the result of each row, in order.
 */
export type BatchWriter<Row, Result = void> = (
  key: string,
  rows: Row[]
) => Promise<Result extends void ? void : Result[]>

/** How rows are grouped. */
export interface GroupCommitOptions<Row> {
  /** Rows in one statement at most (200). */
  maxBatch?: number
  /**
   * How long the first row of an idle key waits for others (0: only for this turn's I/O), at
   * most: a whole batch is written at once.
   */
  lingerMs?: number
  /** Told of each added row (see {@link GroupCommit.add}) that could not be written. */
  onError?: (error: unknown, row: Row) => void
}

/** Batches rows per key; see the file comment. */
export class GroupCommit<Row, Result = void> {
  readonly #write: BatchWriter<Row, Result>
  readonly #maxBatch: number
  readonly #lingerMs: number
  readonly #onError: ((error: unknown, row: Row) => void) | undefined
  readonly #queues = new Map<string, Queue<Row, Result>>()
  /** Batches written (statements, retries included) and rows retried alone after a batch failed. */
  readonly counters = { batches: 0, retriedAlone: 0 }

  constructor(write: BatchWriter<Row, Result>, options: GroupCommitOptions<Row> = {}) {
    this.#write = write
    this.#maxBatch = options.maxBatch ?? 200
    this.#lingerMs = options.lingerMs ?? 0
    this.#onError = options.onError
  }

  /** Resolves when `row` is committed (with its result); rejects with the database error. */
  submit(key: string, row: Row): Promise<Result> {
    return new Promise<Result>((resolve, reject) => this.#queue(key, row, { resolve, reject }))
  }

  /** Queues `row` with nobody waiting for it; a failure goes to the `onError` option. */
  add(key: string, row: Row): void {
    // Nobody else would hear of its failure.
    if (!this.#onError) throw new Error('GroupCommit.add needs the onError option')
    this.#queue(key, row, null)
  }

  #queue(key: string, row: Row, waiter: Waiter<Result> | null): void {
    let queue = this.#queues.get(key)
    if (!queue) this.#queues.set(key, (queue = { rows: [], waiters: [], writing: false }))
    queue.rows.push(row)
    queue.waiters.push(waiter)
    if (!queue.writing) queue.drained = this.#drain(key, queue)
    else if (queue.rows.length >= this.#maxBatch) queue.wake?.()
  }

  /** Resolves once every row submitted so far is written or has failed; lingers end now. */
  async settled(): Promise<void> {
    while (this.#queues.size > 0) {
      for (const queue of this.#queues.values()) queue.wake?.()
      await Promise.all([...this.#queues.values()].map((queue) => queue.drained))
    }
  }

  async #drain(key: string, queue: Queue<Row, Result>): Promise<void> {
    queue.writing = true
    // Starting on the first row wrote it alone while the rest of its burst waited a whole
    // write: NAS requests answering a burst of our replies arrive as a burst (bench README).
    await new Promise<void>((resolve) => {
      if (this.#lingerMs === 0) return void setImmediate(resolve)
      const timer = setTimeout(() => queue.wake?.(), this.#lingerMs)
      queue.wake = () => {
        clearTimeout(timer)
        queue.wake = undefined
        resolve()
      }
    })
    while (queue.rows.length > 0) {
      const rows = queue.rows.splice(0, this.#maxBatch)
      const waiters = queue.waiters.splice(0, this.#maxBatch)
      try {
        this.counters.batches++
        const results = (await this.#write(key, rows)) as Result[] | undefined
        waiters.forEach((waiter, at) => waiter?.resolve(results?.[at] as Result))
      } catch (error) {
        if (rows.length === 1) this.#fail(waiters[0], error, rows[0])
        else await this.#oneByOne(key, rows, waiters)
      }
    }
    queue.writing = false
    this.#queues.delete(key)
  }

  async #oneByOne(key: string, rows: Row[], waiters: (Waiter<Result> | null)[]): Promise<void> {
    this.counters.retriedAlone += rows.length
    for (const [at, row] of rows.entries()) {
      try {
        this.counters.batches++
        const results = (await this.#write(key, [row])) as Result[] | undefined
        waiters[at]?.resolve(results?.[0] as Result)
      } catch (error) {
        this.#fail(waiters[at], error, row)
      }
    }
  }

  #fail(waiter: Waiter<Result> | null, error: unknown, row: Row): void {
    if (waiter) waiter.reject(error)
    else this.#onError!(error, row)
  }
}
