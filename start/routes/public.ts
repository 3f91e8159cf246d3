/*
 * Routes on every host: health, the TLS ask hook, language and dark-mode preferences, and the
 * account routes (login, logout, password reset) that each host serves with its own guard.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionController = () => import('#controllers/session_controller')
const PasswordResetController = () => import('#controllers/password_reset_controller')
const PreferencesController = () => import('#controllers/preferences_controller')
const HomeController = () => import('#controllers/home_controller')
const TlsAskController = () => import('#controllers/internal/tls_ask_controller')

router.get('/', [HomeController, 'show'])
router.get('/health', async () => ({ ok: true }))
router.get('/internal/tls-ask', [TlsAskController, 'handle'])

router.post('/locale', [PreferencesController, 'locale'])
router.post('/preferences/color-scheme', [PreferencesController, 'colorScheme'])

router
  .group(() => {
    router.get('/login', [SessionController, 'create'])
    router.post('/login', [SessionController, 'store'])
    router.get('/forgot-password', [PasswordResetController, 'create'])
    router.post('/forgot-password', [PasswordResetController, 'store'])
    router.get('/reset-password/:token', [PasswordResetController, 'edit'])
    router.post('/reset-password', [PasswordResetController, 'update'])
  })
  .use(middleware.guest())

router
  .group(() => {
    router.post('/logout', [SessionController, 'destroy'])
    router.post('/logout/everywhere', [SessionController, 'destroyEverywhere'])
  })
  .use(middleware.auth())
