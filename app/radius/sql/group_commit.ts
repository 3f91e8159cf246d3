/*
 * Group commit for the per-packet writes of the hot path (radpostauth rows, radacct upserts).
 * The first row of a key is written at once; rows that arrive while that write is in flight
 * are written together by the next one, as one multi-row statement: one round trip and one
 * log flush for many packets under load, no added delay when idle. Each submit resolves only
 * when its own row is committed, so a reply still follows its write. When a multi-row write
 * fails, its rows are retried one by one, so one bad row cannot fail the others.
 *
 * Rows nobody waits for (the auth log, written after the reply) may linger: the first row of a
 * key waits `lingerMs` for others, so a tenant's logins share one statement even at low load.
 * Lookups batch the same way: the statement gives one result per row (Result).
 */

interface Waiting<Row, Result> {
  row: Row
  resolve: (result: Result) => void
  reject: (error: unknown) => void
}

interface Queue<Row, Result> {
  waiting: Waiting<Row, Result>[]
  writing: boolean
  drained?: Promise<void>
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
export interface GroupCommitOptions {
  /** Rows in one statement at most (200). */
  maxBatch?: number
  /** How long the first row of an idle key waits for others (0: written at once). */
  lingerMs?: number
}

/** Batches rows per key; see the file comment. */
export class GroupCommit<Row, Result = void> {
  readonly #write: BatchWriter<Row, Result>
  readonly #maxBatch: number
  readonly #lingerMs: number
  readonly #queues = new Map<string, Queue<Row, Result>>()

  constructor(write: BatchWriter<Row, Result>, options: GroupCommitOptions = {}) {
    this.#write = write
    this.#maxBatch = options.maxBatch ?? 200
    this.#lingerMs = options.lingerMs ?? 0
  }

  /** Resolves when `row` is committed (with its result); rejects with the database error. */
  submit(key: string, row: Row): Promise<Result> {
    let queue = this.#queues.get(key)
    if (!queue) this.#queues.set(key, (queue = { waiting: [], writing: false }))
    const done = new Promise<Result>((resolve, reject) =>
      queue.waiting.push({ row, resolve, reject })
    )
    if (!queue.writing) queue.drained = this.#drain(key, queue)
    return done
  }

  /** Resolves once every row submitted so far is written or has failed. */
  async settled(): Promise<void> {
    while (this.#queues.size > 0) {
      await Promise.all([...this.#queues.values()].map((queue) => queue.drained))
    }
  }

  async #drain(key: string, queue: Queue<Row, Result>): Promise<void> {
    queue.writing = true
    if (this.#lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#lingerMs))
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, this.#maxBatch)
      try {
        const results = await this.#write(
          key,
          batch.map((entry) => entry.row)
        )
        batch.forEach((entry, at) =>
          entry.resolve((results as Result[] | undefined)?.[at] as Result)
        )
      } catch (error) {
        if (batch.length === 1) batch[0].reject(error)
        else await this.#oneByOne(key, batch)
      }
    }
    queue.writing = false
    this.#queues.delete(key)
  }

  async #oneByOne(key: string, batch: Waiting<Row, Result>[]): Promise<void> {
    for (const entry of batch) {
      try {
        const results = await this.#write(key, [entry.row])
        entry.resolve((results as Result[] | undefined)?.[0] as Result)
      } catch (error) {
        entry.reject(error)
      }
    }
  }
}
