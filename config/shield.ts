import { defineConfig } from '@adonisjs/shield'

const shieldConfig = defineConfig({
  csp: { enabled: false, directives: {}, reportOnly: false },
  csrf: {
    enabled: true,
    /** Machine-to-machine endpoints authenticate by signature or are read-only. */
    exceptRoutes: (ctx) =>
      ctx.request.url().startsWith('/webhooks/') || ctx.request.url().startsWith('/internal/'),
    /** The SSE subscription (transmit) sends the XSRF token from this cookie. */
    enableXsrfCookie: true,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'DENY' },
  hsts: { enabled: true, maxAge: '180 days' },
  contentTypeSniffing: { enabled: true },
})

export default shieldConfig
