/*
 * RADIUS_WORKERS > 1: the primary process forks workers that each bind the ports with
 * SO_REUSEPORT. The kernel spreads datagrams over them by a hash of the source and destination
 * address and port, so a NAS's retransmissions reach the worker that holds its duplicate-cache
 * entry (RFC 5080) while the set of workers is unchanged. The primary only supervises.
 */
import cluster, { type Worker } from 'node:cluster'

/** Message a worker sends once its sockets are bound. */
export const WORKER_READY = 'radius:ready'

const RESTART_DELAY_MS = 1000
const MAX_RESTARTS_PER_MINUTE = 5
/**
 * glibc's malloc arenas for a worker when the environment sets none: one, rather than one per
 * thread (V8's and libuv's), which held ~20 MB more of a loaded server (bench/radius/README.md).
 */
const RADIUS_MALLOC_ARENA_MAX = '1'

/** Where the supervisor reports (the primary does not boot the app, so not its logger). */
export interface SupervisorLog {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

/** Forks and keeps `count` workers running until {@link stop}. */
export class WorkerSupervisor {
  #count: number
  #log: SupervisorLog
  #onGiveUp: () => void
  #stopping = false
  #restarts: number[] = []

  /** `onGiveUp` runs when workers keep exiting (e.g. a port cannot be bound). */
  constructor(count: number, log: SupervisorLog, onGiveUp: () => void) {
    this.#count = count
    this.#log = log
    this.#onGiveUp = onGiveUp
  }

  /** Forks the workers (re-running this command, see cluster.setupPrimary) and waits until all are ready. */
  async start(): Promise<void> {
    cluster.on('exit', (worker, code, signal) => this.#onExit(worker, code, signal))
    const ready = Array.from({ length: this.#count }, () => this.#fork())
    await Promise.all(ready)
    this.#log.info(`RADIUS: ${this.#count} workers sharing the ports (SO_REUSEPORT)`)
  }

  /** Asks every worker to stop (SIGTERM), waits up to `graceMs`, then kills what is left. */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w)
    const exited = workers.map((worker) =>
      worker.isDead()
        ? Promise.resolve()
        : new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    )
    for (const worker of workers) worker.process.kill('SIGTERM')
    const timer = setTimeout(
      () => workers.forEach((worker) => worker.process.kill('SIGKILL')),
      graceMs
    )
    await Promise.all(exited)
    clearTimeout(timer)
  }

  #fork(): Promise<void> {
    const worker = cluster.fork({
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? RADIUS_MALLOC_ARENA_MAX,
    })
    return new Promise((resolve) => {
      const onMessage = (message: unknown) => {
        if (message !== WORKER_READY) return
        worker.off('message', onMessage)
        resolve()
      }
      worker.on('message', onMessage)
      worker.once('exit', () => resolve())
    })
  }

  #onExit(worker: Worker, code: number | null, signal: string | null): void {
    if (this.#stopping) return
    const now = Date.now()
    this.#restarts = this.#restarts.filter((at) => now - at < 60_000)
    if (this.#restarts.length >= MAX_RESTARTS_PER_MINUTE) {
      this.#log.error(
        `RADIUS workers keep exiting (last: code ${code}, signal ${signal}); giving up`
      )
      this.#onGiveUp()
      return
    }
    this.#restarts.push(now)
    this.#log.warn(`RADIUS worker ${worker.id} exited (code ${code}, signal ${signal}); restarting`)
    setTimeout(() => void (this.#stopping || this.#fork()), RESTART_DELAY_MS)
  }
}
