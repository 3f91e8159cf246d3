/*
 * The tenant's catalogue and counter: packages, customers, the Cashier's sale screen and the
 * day's sales. Each route names the permission (app/abilities/permissions.ts) it needs.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const PackagesController = () => import('#controllers/tenant/packages_controller')
const CustomersController = () => import('#controllers/tenant/customers_controller')
const CashierController = () => import('#controllers/tenant/cashier_controller')

const id = router.matchers.number()

router
  .group(() => {
    router
      .group(() => {
        router.get('/packages', [PackagesController, 'index'])
        router.get('/packages/data', [PackagesController, 'data'])
        router.get('/packages/create', [PackagesController, 'create'])
        router.post('/packages', [PackagesController, 'store'])
        router.put('/packages/isolir', [PackagesController, 'updateIsolir'])
        router.get('/packages/:id/edit', [PackagesController, 'edit']).where('id', id)
        router.put('/packages/:id', [PackagesController, 'update']).where('id', id)
        router.delete('/packages/:id', [PackagesController, 'destroy']).where('id', id)
      })
      .use(middleware.can('packages.manage'))

    router
      .group(() => {
        router.get('/customers', [CustomersController, 'index'])
        router.get('/customers/data', [CustomersController, 'data'])
        router.get('/customers/:id', [CustomersController, 'show']).where('id', id)
      })
      .use(middleware.can('customers.view'))

    router
      .group(() => {
        router.get('/customers/create', [CustomersController, 'create'])
        router.post('/customers', [CustomersController, 'store'])
        router.get('/customers/:id/edit', [CustomersController, 'edit']).where('id', id)
        router.put('/customers/:id', [CustomersController, 'update']).where('id', id)
        router
          .post('/customers/:id/package', [CustomersController, 'changePackage'])
          .where('id', id)
        router.post('/customers/:id/extend', [CustomersController, 'extend']).where('id', id)
        router.post('/customers/:id/status', [CustomersController, 'status']).where('id', id)
        router.post('/customers/:id/kick', [CustomersController, 'kick']).where('id', id)
        router.delete('/customers/:id', [CustomersController, 'destroy']).where('id', id)
      })
      .use(middleware.can('customers.manage'))

    router
      .post('/customers/:id/password', [CustomersController, 'resetPassword'])
      .where('id', id)
      .use(middleware.can('customers.reset_password'))
    router
      .get('/customers/:id/validity', [CustomersController, 'validity'])
      .where('id', id)
      .use(middleware.can('customers.check_validity'))

    router
      .group(() => {
        router.get('/cashier', [CashierController, 'index'])
        router.post('/cashier/sales', [CashierController, 'store'])
      })
      .use(middleware.can('sales.offline.record'))
    router
      .group(() => {
        router.get('/sales/today', [CashierController, 'today'])
        router.get('/sales/today/data', [CashierController, 'todayData'])
      })
      .use(middleware.can('reports.sales.view'))
  })
  .as('tenant.catalogue')
  .use([middleware.tenantHost(), middleware.auth()])
