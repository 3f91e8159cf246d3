/*
 * A tenant's host: its staff admin and its customers' portal.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const DashboardController = () => import('#controllers/tenant/dashboard_controller')
const StaffController = () => import('#controllers/tenant/staff_controller')
const SettingsController = () => import('#controllers/tenant/settings_controller')
const DomainsController = () => import('#controllers/tenant/domains_controller')
const PortalController = () => import('#controllers/portal/portal_controller')

router
  .group(() => {
    router.get('/dashboard', [DashboardController, 'show']).use(middleware.can('dashboard.view'))

    router.get('/staff', [StaffController, 'index'])
    router.get('/staff/data', [StaffController, 'data'])
    router.get('/staff/create', [StaffController, 'create'])
    router.post('/staff', [StaffController, 'store'])
    router.get('/staff/:id/edit', [StaffController, 'edit']).where('id', router.matchers.number())
    router.put('/staff/:id', [StaffController, 'update']).where('id', router.matchers.number())

    router
      .group(() => {
        router.get('/settings', [SettingsController, 'show'])
        router.put('/settings', [SettingsController, 'update'])
      })
      .use(middleware.can('settings.manage'))

    router
      .group(() => {
        router.post('/settings/domains', [DomainsController, 'store'])
        router
          .post('/settings/domains/:id/verify', [DomainsController, 'verify'])
          .where('id', router.matchers.number())
        router
          .delete('/settings/domains/:id', [DomainsController, 'destroy'])
          .where('id', router.matchers.number())
      })
      .use(middleware.can('domain.manage'))

    router.get('/portal', [PortalController, 'show']).use(middleware.can('portal.self'))
  })
  .as('tenant')
  .use([middleware.tenantHost(), middleware.auth()])
