/**
 * Records every uncaught exception and unhandled rejection until `stop()`, so a test can assert
 * that hostile routers never reached the process level (where, without the listeners, they would
 * have ended it).
 */
export function watchProcessFailures() {
  const failures: unknown[] = []
  const record = (error: unknown) => failures.push(error)
  process.on('uncaughtException', record)
  process.on('unhandledRejection', record)
  return {
    failures,
    stop() {
      process.off('uncaughtException', record)
      process.off('unhandledRejection', record)
    },
  }
}
