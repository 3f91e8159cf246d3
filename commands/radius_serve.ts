import v8 from 'node:v8'
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Providers the RADIUS process never uses (matched in the provider's import specifier): those
 * of the HTTP side, and the plugin registry, whose device drivers and payment gateways only the
 * HTTP side and jobs ask for.
 */
const UNUSED_PROVIDERS = [
  '@adonisjs/core/providers/vinejs_provider',
  '@adonisjs/core/providers/edge_provider',
  '@adonisjs/session/session_provider',
  '@adonisjs/vite/vite_provider',
  '@adonisjs/shield/shield_provider',
  '@adonisjs/static/static_provider',
  '@adonisjs/auth/auth_provider',
  '@adonisjs/bouncer/bouncer_provider',
  '@adonisjs/i18n/i18n_provider',
  '@adonisjs/limiter/limiter_provider',
  '@adonisjs/mail/mail_provider',
  '#providers/plugins_provider',
] as const

/** Preloads of the HTTP side: routes, middleware, view globals, validation messages. */
const WEB_PRELOADS = ['#start/routes', '#start/kernel', '#start/view', '#start/validator'] as const

/**
 * `node ace radius:serve`: the RADIUS server (authentication, accounting, Status-Server) on
 * RADIUS_BIND / RADIUS_AUTH_PORT / RADIUS_ACCT_PORT. With RADIUS_WORKERS > 1 this process only
 * supervises that many workers sharing the ports (and does not boot the application itself).
 * Stops gracefully on SIGINT / SIGTERM.
 */
export default class RadiusServe extends BaseCommand {
  static commandName = 'radius:serve'
  static description = 'Run the RADIUS server (auth, accounting, Status-Server); RADIUS_* settings'
  // The app is started by hand: a supervising primary does not need it.
  static options: CommandOptions = { startApp: false, staysAlive: true }

  async run() {
    const { default: cluster } = await import('node:cluster')
    // Only modules that need no booted app until we know this process serves.
    const { radiusWorkers } = await import('#radius/server/listener_config')
    process.once('SIGINT', () => void this.app.terminate())
    const workers = radiusWorkers()
    if (workers > 1 && cluster.isPrimary) return this.#supervise(workers)

    this.#leaveOutWebParts()
    // V8 moves the objects of a busy allocation site to the old generation from birth, and
    // every young object they point at then survives until a major GC. Per-packet objects are
    // short-lived: off, ~35% less CPU per login and ~20% per accounting packet
    // (bench/radius/README.md). Read by the GC as it runs, so setting it here takes effect.
    v8.setFlagsFromString('--no-allocation-site-pretenuring')
    if (process.env.MALLOC_ARENA_MAX === undefined) {
      // Read by glibc at start: too late to set here (workers get it from the supervisor).
      this.logger.info('MALLOC_ARENA_MAX=1 in the environment saves ~20 MB of RSS (README)')
    }
    await this.app.boot()
    await this.app.start(() => {})
    const radius = await import('#radius/server/index')
    const server = radius.createRadiusServer(
      { listener: radius.radiusListenerConfig(workers > 1) },
      await this.app.container.make('radius.coa')
    )
    this.app.terminating(async () => {
      await server.stop()
      // A worker's IPC channel to the primary would keep it alive.
      cluster.worker?.disconnect()
    })
    try {
      await server.start()
    } catch (error) {
      this.#failed(error)
      return
    }
    process.send?.(radius.WORKER_READY)
  }

  /**
   * The RADIUS process serves no HTTP, renders no view, sends no mail and asks no plugin: the
   * providers and preloads of those are left out of its boot (RSS, see bench/radius/README.md).
   */
  #leaveOutWebParts() {
    const rcFile = this.app.rcFile as { providers: unknown[]; preloads: unknown[] }
    const named = (entry: unknown, names: readonly string[]) => {
      const file = (entry as { file?: unknown }).file ?? entry
      return names.some((name) => String(file).includes(name))
    }
    rcFile.providers = rcFile.providers.filter((entry) => !named(entry, UNUSED_PROVIDERS))
    rcFile.preloads = rcFile.preloads.filter((entry) => !named(entry, WEB_PRELOADS))
  }

  async #supervise(workers: number) {
    const { default: cluster } = await import('node:cluster')
    const { probePorts } = await import('#radius/server/udp_listener')
    const { radiusListenerConfig } = await import('#radius/server/listener_config')
    const { WorkerSupervisor } = await import('#radius/server/worker_supervisor')
    try {
      // Fail now if another server holds a port: SO_REUSEPORT workers would silently share it.
      await probePorts(radiusListenerConfig(false))
    } catch (error) {
      this.#failed(error)
      return
    }
    // bin/console.ts splices the arguments off process.argv, so tell workers what to run.
    cluster.setupPrimary({ args: [RadiusServe.commandName] })
    const log = {
      info: (message: string) => this.logger.info(message),
      warn: (message: string) => this.logger.warning(message),
      error: (message: string) => this.logger.error(message),
    }
    const supervisor = new WorkerSupervisor(workers, log, () => {
      this.exitCode = 1
      void this.app.terminate()
    })
    this.app.terminating(() => supervisor.stop())
    await supervisor.start()
  }

  #failed(error: unknown) {
    const code = (error as NodeJS.ErrnoException).code
    const hint =
      code === 'EADDRINUSE'
        ? ' (another RADIUS server, e.g. FreeRADIUS, holds the port: stop it or set RADIUS_AUTH_PORT / RADIUS_ACCT_PORT)'
        : ''
    this.logger.error(`RADIUS server could not start: ${(error as Error).message}${hint}`)
    this.exitCode = 1
    void this.app.terminate()
  }
}
