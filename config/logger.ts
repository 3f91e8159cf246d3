import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: env.get('APP_NAME', 'radius-billing'),
      level: env.get('LOG_LEVEL'),
      // Pretty output in development only. In production and tests pino writes JSON lines to
      // stdout itself: a transport would run in a worker thread, a second V8 isolate per process
      // (6-11 MB of RSS measured on the RADIUS server, bench/radius/README.md).
      ...(app.inProduction || app.inTest
        ? {}
        : { transport: { targets: targets().push(targets.pretty()).toArray() } }),
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
