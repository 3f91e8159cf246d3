import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { FakeCpanelServer } from '#tests/fakes/cpanel/fake_cpanel_server'
import { TEST_DATABASE_PREFIX, testMysqlServer } from './databases.js'

let fake: FakeCpanelServer | null = null

/** The fake cPanel account of this run (only when TENANCY_DRIVER=cpanel). */
export function fakeCpanel(): FakeCpanelServer | null {
  return fake
}

/**
 * For the cPanel pass: start a fake UAPI server backed by the real MariaDB and point the
 * tenancy config at it, before any tenant is provisioned.
 */
export async function startFakeCpanelIfNeeded() {
  if (env.get('TENANCY_DRIVER') !== 'cpanel') return
  fake = new FakeCpanelServer({
    user: 'rbtest',
    token: 'fake-cpanel-token-for-tests',
    prefix: TEST_DATABASE_PREFIX,
    rootDomains: [env.get('APP_DOMAIN')],
    mysql: testMysqlServer(),
  })
  const { url } = await fake.start()
  app.config.set('tenancy.cpanel.url', url)
  app.config.set('tenancy.cpanel.user', 'rbtest')
  app.config.set('tenancy.cpanel.token', 'fake-cpanel-token-for-tests')
  app.config.set('tenancy.cpanel.rootDomain', env.get('APP_DOMAIN'))
  app.config.set('tenancy.cpanel.dbHost', testMysqlServer().host)
  app.config.set('tenancy.cpanel.dbPort', testMysqlServer().port)
}

export async function stopFakeCpanel() {
  if (!fake) return
  await fake.purge()
  await fake.close()
  fake = null
}
