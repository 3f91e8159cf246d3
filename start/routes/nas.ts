/*
 * NAS (routers) of a tenant, and the first-login onboarding wizard that adds the first one.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const NasController = () => import('#controllers/tenant/nas_controller')
const OnboardingController = () => import('#controllers/tenant/onboarding_controller')

router
  .group(() => {
    router
      .group(() => {
        router.get('/nas', [NasController, 'index']).as('index')
        router.get('/nas/data', [NasController, 'data']).as('data')
        router.get('/nas/:id', [NasController, 'show']).as('show')
        router.get('/onboarding/state', [OnboardingController, 'state']).as('onboarding.state')
      })
      .where('id', router.matchers.number())
      .use(middleware.can('nas.view'))

    router
      .group(() => {
        router.get('/nas/create', [NasController, 'create']).as('create')
        router.post('/nas', [NasController, 'store']).as('store')
        router.get('/nas/:id/edit', [NasController, 'edit']).as('edit')
        router.put('/nas/:id', [NasController, 'update']).as('update')
        router.delete('/nas/:id', [NasController, 'destroy']).as('destroy')
        router.post('/nas/:id/secret', [NasController, 'rotateSecret']).as('secret')
        router.post('/nas/:id/test', [NasController, 'test']).as('test')
        router.post('/nas/:id/push', [NasController, 'push']).as('push')

        router.get('/onboarding', [OnboardingController, 'show']).as('onboarding')
        router.post('/onboarding', [OnboardingController, 'store']).as('onboarding.store')
        router.get('/onboarding/nas/:id', [OnboardingController, 'script']).as('onboarding.script')
      })
      .where('id', router.matchers.number())
      .use(middleware.can('nas.manage'))
  })
  .as('tenant.nas')
  .use([middleware.tenantHost(), middleware.auth()])
