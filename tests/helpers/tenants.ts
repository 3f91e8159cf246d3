import { randomBytes } from 'node:crypto'
import hash from '@adonisjs/core/services/hash'
import env from '#start/env'
import tenancy from '#tenancy/main'
import Tenant from '#models/central/tenant'
import User from '#models/tenant/user'
import Role from '#models/tenant/role'
import PlatformUser from '#models/central/platform_user'
import type { TenantRole } from '#enums/tenant_role'
import type { PlatformRole } from '#enums/platform_role'
import { TenantProvisioningService, type StepHook } from '#services/tenant_provisioning_service'

/** The password every test account gets. */
export const TEST_PASSWORD = 'correct-horse-42'
let passwordHash: string | undefined

/** A slug no other test uses. */
export function uniqueSlug(stem = 't') {
  return `${stem}-${randomBytes(3).toString('hex')}`
}

/** Host name of a tenant's subdomain. */
export function hostOf(slugOrTenant: string | Tenant) {
  const slug = typeof slugOrTenant === 'string' ? slugOrTenant : slugOrTenant.slug
  return `${slug}.${env.get('APP_DOMAIN')}`
}

/** Provision a tenant through the real service (database, migrations, roles, Owner). */
export async function createTenant(
  options: { slug?: string; email?: string; beforeStep?: StepHook } = {}
) {
  passwordHash ??= await hash.make(TEST_PASSWORD)
  const slug = options.slug ?? uniqueSlug()
  const service = new TenantProvisioningService({ beforeStep: options.beforeStep })
  const reserved = await service.reserve({
    businessName: `ISP ${slug}`,
    subdomain: slug,
    email: options.email ?? `owner@${slug}.test`,
  })
  const run = await service.provision(reserved.id, { passwordHash, name: `Owner ${slug}` })
  const tenant = await Tenant.findBy('slug', slug)
  return { run, tenant }
}

/** A provisioned tenant (fails the test when provisioning fails). */
export async function tenantFixture(options: { slug?: string; email?: string } = {}) {
  const { run, tenant } = await createTenant(options)
  if (!tenant || run.status !== 'done') throw new Error(`provisioning failed: ${run.error}`)
  return tenant
}

/** Create a user with a role inside a tenant. */
export function userIn(
  tenant: Tenant,
  role: TenantRole,
  email = `${role}-${randomBytes(2).toString('hex')}@${tenant.slug}.test`
) {
  return tenancy.run(tenant, async () => {
    const roleRow = await Role.findByOrFail('slug', role)
    const user = await User.create({
      fullName: `${role} person`,
      email,
      password: TEST_PASSWORD,
      roleId: roleRow.id,
      status: 'active',
    })
    await user.load('role')
    return user
  })
}

/** The Owner of a tenant. */
export function ownerOf(tenant: Tenant) {
  return tenancy.run(tenant, async () => {
    const user = await User.query()
      .whereHas('role', (query) => query.where('slug', 'owner'))
      .preload('role')
      .firstOrFail()
    return user
  })
}

/** A platform staff member with a role. */
export function platformUser(role: PlatformRole) {
  return PlatformUser.create({
    fullName: `${role} person`,
    email: `${role}-${randomBytes(2).toString('hex')}@platform.test`,
    password: TEST_PASSWORD,
    role,
    status: 'active',
    locale: 'id',
    colorScheme: 'system',
    sessionEpoch: 0,
  })
}
