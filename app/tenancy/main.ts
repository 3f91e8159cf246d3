import app from '@adonisjs/core/services/app'
import type { TenancyManager } from './tenancy_manager.js'

let tenancy: TenancyManager

/** The application's tenancy manager (a container singleton registered by the tenancy provider). */
await app.booted(async () => {
  tenancy = await app.container.make('tenancy')
})

export { tenancy as default }
