/*
 * The platform host: landing, public sign-up, and the Cloud Manager console.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SignupController = () => import('#controllers/signup_controller')
const DashboardController = () => import('#controllers/platform/dashboard_controller')
const DomainsController = () => import('#controllers/platform/domains_controller')
const TenantsController = () => import('#controllers/platform/tenants_controller')

router
  .group(() => {
    router.get('/signup', [SignupController, 'create'])
    router.post('/signup', [SignupController, 'store'])
    router.get('/signup/progress/:id', [SignupController, 'progress'])
    router.get('/signup/progress/:id/status', [SignupController, 'status'])
  })
  .use(middleware.platformHost())

router
  .group(() => {
    router.get('/', [DashboardController, 'show']).use(middleware.can('platform.dashboard.view'))
    router.get('/tenants', [TenantsController, 'index'])
    router.get('/tenants/data', [TenantsController, 'data'])
    router.get('/tenants/:id', [TenantsController, 'show']).where('id', router.matchers.number())
    router
      .post('/tenants/:id/suspend', [TenantsController, 'suspend'])
      .where('id', router.matchers.number())
    router
      .post('/tenants/:id/unsuspend', [TenantsController, 'unsuspend'])
      .where('id', router.matchers.number())
    router
      .post('/domains/:id/verify', [DomainsController, 'verify'])
      .where('id', router.matchers.number())
      .use(middleware.can('domains.manage'))
  })
  .prefix('/platform')
  .as('platform')
  .use([middleware.platformHost(), middleware.auth()])
