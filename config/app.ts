import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'

/** The key every encrypted value (cookies, sessions, plugin settings) is sealed with. */
export const appKey = new Secret(env.get('APP_KEY').release())

/** Absolute URL of the platform, used in e-mails. */
export const appUrl = env.get('APP_URL')

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  /** The tenant context and the HTTP context flow through services without being passed by hand. */
  useAsyncLocalStorage: true,
  /** Behind a reverse proxy (Caddy, nginx) the client IP and host come from X-Forwarded-*. */
  trustProxy: () => true,
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
