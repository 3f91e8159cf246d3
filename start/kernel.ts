/*
 * HTTP kernel: middleware that runs on every request, and the named middleware routes use.
 */
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('@adonisjs/static/static_middleware'),
  () => import('@adonisjs/vite/vite_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#middleware/resolve_host_middleware'),
  () => import('@adonisjs/session/session_middleware'),
  () => import('@adonisjs/shield/shield_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/bind_session_middleware'),
  () => import('#middleware/detect_locale_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
  () => import('#middleware/share_theme_middleware'),
])

export const middleware = router.named({
  platformHost: () => import('#middleware/platform_host_middleware'),
  tenantHost: () => import('#middleware/tenant_host_middleware'),
  guest: () => import('#middleware/guest_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  can: () => import('#middleware/permission_middleware'),
})
