/*
 * JavaScript entry point for ace commands: registers the TypeScript loader, then hands over to
 * bin/console.ts. Overwritten by `node ace build` in production builds.
 */
import '@poppinss/ts-exec'

await import('./bin/console.js')
