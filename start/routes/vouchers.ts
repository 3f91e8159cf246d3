/*
 * Vouchers (generate, batches, print, PDF, templates) and the import / export page. Each route
 * names the permission (app/abilities/permissions.ts) it needs; exports check theirs per kind.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const VoucherBatchesController = () => import('#controllers/tenant/voucher_batches_controller')
const VouchersController = () => import('#controllers/tenant/vouchers_controller')
const VoucherTemplatesController = () => import('#controllers/tenant/voucher_templates_controller')
const ExportsController = () => import('#controllers/tenant/exports_controller')
const ImportsController = () => import('#controllers/tenant/imports_controller')

const id = router.matchers.number()
const token = router.matchers.uuid()

router
  .group(() => {
    // Cashiers print: they see the batches and their print view and PDF.
    router
      .group(() => {
        router.get('/vouchers', [VoucherBatchesController, 'index'])
        router.get('/vouchers/batches/data', [VoucherBatchesController, 'data'])
        router
          .get('/vouchers/batches/:id/print', [VoucherBatchesController, 'print'])
          .where('id', id)
        router.get('/vouchers/batches/:id/pdf', [VoucherBatchesController, 'pdf']).where('id', id)
        router
          .get('/vouchers/templates/:id/logo', [VoucherTemplatesController, 'logo'])
          .where('id', id)
      })
      .use(middleware.can('vouchers.print'))

    router
      .group(() => {
        router.get('/vouchers/data', [VouchersController, 'data'])
        router.get('/vouchers/batches/create', [VoucherBatchesController, 'create'])
        router.post('/vouchers/batches', [VoucherBatchesController, 'store'])
        router.get('/vouchers/batches/:id', [VoucherBatchesController, 'show']).where('id', id)
        router
          .get('/vouchers/batches/:id/progress', [VoucherBatchesController, 'progress'])
          .where('id', id)
        router
          .get('/vouchers/batches/:id/status', [VoucherBatchesController, 'status'])
          .where('id', id)
        router
          .post('/vouchers/batches/:id/disable', [VoucherBatchesController, 'disable'])
          .where('id', id)
        router
          .post('/vouchers/batches/:id/enable', [VoucherBatchesController, 'enable'])
          .where('id', id)
        router
          .post('/vouchers/batches/:id/delete-unused', [VoucherBatchesController, 'deleteUnused'])
          .where('id', id)

        router.get('/vouchers/templates', [VoucherTemplatesController, 'index'])
        router.get('/vouchers/templates/create', [VoucherTemplatesController, 'create'])
        router.get('/vouchers/templates/preview', [VoucherTemplatesController, 'preview'])
        router.post('/vouchers/templates', [VoucherTemplatesController, 'store'])
        router
          .get('/vouchers/templates/:id/edit', [VoucherTemplatesController, 'edit'])
          .where('id', id)
        router
          .put('/vouchers/templates/:id', [VoucherTemplatesController, 'update'])
          .where('id', id)
        router
          .delete('/vouchers/templates/:id', [VoucherTemplatesController, 'destroy'])
          .where('id', id)
      })
      .use(middleware.can('vouchers.manage'))

    // The page shows what the person may export; each download checks its own permission.
    router.get('/exports', [ExportsController, 'index'])
    router.get('/exports/:kind/:format', [ExportsController, 'download'])

    router
      .group(() => {
        router.post('/imports/customers', [ImportsController, 'store'])
        router.get('/imports/customers/:token', [ImportsController, 'show']).where('token', token)
        router
          .get('/imports/customers/:token/errors', [ImportsController, 'errors'])
          .where('token', token)
        router
          .post('/imports/customers/:token', [ImportsController, 'import'])
          .where('token', token)
        router
          .delete('/imports/customers/:token', [ImportsController, 'destroy'])
          .where('token', token)
      })
      .use(middleware.can('customers.manage'))
  })
  .as('tenant.vouchers')
  .use([middleware.tenantHost(), middleware.auth()])
