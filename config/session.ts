import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

/**
 * Cookies are host-only (no `domain`), so a tenant's session never travels to another tenant's
 * host; the tenant binding middleware also refuses a session copied across hosts.
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'rb-session',
  clearWithBrowser: false,
  age: '2h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: env.get('SESSION_DRIVER'),
  stores: {
    cookie: stores.cookie(),
  },
})

export default sessionConfig
