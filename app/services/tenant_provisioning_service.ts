import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import tenancy from '#tenancy/main'
import Tenant from '#models/central/tenant'
import Domain from '#models/central/domain'
import ProvisioningRun from '#models/central/provisioning_run'
import { TenantStatus } from '#enums/tenant_status'
import { TenantSeeder } from '#services/tenant_seeder'
import { AuditService } from '#services/audit_service'
import ProvisionTenantJob from '#jobs/provision_tenant_job'

/** The steps of provisioning, in order, with the progress reached when each one finishes. */
export const PROVISIONING_STEPS = [
  ['database', 30],
  ['migrate', 60],
  ['roles', 75],
  ['owner', 85],
  ['domain', 95],
  ['activate', 100],
] as const

export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number][0]

/** What a sign-up (or `node ace tenant:create`) asks for. */
export interface TenantRegistration {
  businessName: string
  subdomain: string
  customDomain?: string
  email: string
  /** Already hashed: the clear password never reaches the queue. */
  ownerPasswordHash: string
  ownerName?: string
}

/** Test seam: called before each step; throwing there simulates that step failing. */
export type StepHook = (step: ProvisioningStep, tenant: Tenant) => Promise<void> | void

/**
 * Creates tenants: reserves the slug and domains, then (as a job) creates the database, migrates
 * it, seeds the roles and the Owner and activates the tenant, reporting progress on the run.
 * Any failure rolls back everything already made: no half tenant, no orphan database, no taken
 * subdomain.
 */
export class TenantProvisioningService {
  #beforeStep?: StepHook

  constructor(options: { beforeStep?: StepHook } = {}) {
    this.#beforeStep = options.beforeStep
  }

  /** Reserve the tenant and queue its provisioning; returns the run the person can watch. */
  async register(registration: TenantRegistration): Promise<ProvisioningRun> {
    const run = await this.reserve(registration)
    await ProvisionTenantJob.dispatch({
      runId: run.id,
      ownerPasswordHash: registration.ownerPasswordHash,
      ownerName: registration.ownerName ?? registration.businessName,
    })
    return run.refresh()
  }

  /**
   * Insert the tenant (status provisioning), its domains and the run in one transaction. The
   * unique keys on slug and host make two concurrent sign-ups for one name fail cleanly.
   */
  async reserve(
    registration: Omit<TenantRegistration, 'ownerPasswordHash'>
  ): Promise<ProvisioningRun> {
    const driver = await tenancy.driver()
    const placement = await driver.plan({ slug: registration.subdomain })
    return db.transaction(async (trx) => {
      const tenant = await Tenant.create(
        {
          uid: randomUUID(),
          slug: registration.subdomain,
          name: registration.businessName,
          email: registration.email,
          status: TenantStatus.Provisioning,
          dbDriver: placement.driver,
          dbName: placement.dbName,
          dbHost: placement.dbHost,
          dbPort: placement.dbPort,
          dbUser: placement.dbUser,
          dbPassword: placement.dbPassword,
        },
        { client: trx }
      )
      await Domain.createMany(
        [
          {
            tenantId: tenant.id,
            host: `${tenant.slug}.${env.get('APP_DOMAIN')}`,
            kind: 'subdomain',
            isPrimary: !registration.customDomain,
          },
          ...(registration.customDomain
            ? [
                {
                  tenantId: tenant.id,
                  host: registration.customDomain,
                  kind: 'custom' as const,
                  isPrimary: true,
                },
              ]
            : []),
        ],
        { client: trx }
      )
      return ProvisioningRun.create(
        { id: randomUUID(), slug: tenant.slug, tenantId: tenant.id, status: 'queued', progress: 0 },
        { client: trx }
      )
    })
  }

  /** Run every step for a reserved tenant; on failure roll back and record why. */
  async provision(
    runId: string,
    owner: { passwordHash: string; name: string }
  ): Promise<ProvisioningRun> {
    const run = await ProvisioningRun.findOrFail(runId)
    if (run.status !== 'queued' || !run.tenantId) return run
    const tenant = await Tenant.findOrFail(run.tenantId)
    await run.merge({ status: 'running', progress: 5 }).save()

    let current: ProvisioningStep = 'database'
    // Only a database this run created may be dropped on rollback, never one that existed.
    let databaseCreated = false
    try {
      for (const [step, progress] of PROVISIONING_STEPS) {
        current = step
        await run.merge({ step }).save()
        await this.#beforeStep?.(step, tenant)
        await this.#runStep(step, tenant, owner)
        if (step === 'database') databaseCreated = true
        await run.merge({ progress }).save()
      }
      await run.merge({ status: 'done', step: 'done' }).save()
      return run
    } catch (error) {
      logger.error(
        { err: error, tenant: tenant.slug, step: current },
        'tenant provisioning failed, rolling back'
      )
      await this.rollback(tenant, { dropDatabase: databaseCreated })
      const code = (error as { code?: string }).code ?? 'E_PROVISIONING'
      await run.merge({ status: 'failed', tenantId: null, error: `${current}: ${code}` }).save()
      return run
    }
  }

  async #runStep(
    step: ProvisioningStep,
    tenant: Tenant,
    owner: { passwordHash: string; name: string }
  ) {
    switch (step) {
      case 'database': {
        const driver = await tenancy.driver(tenant.dbDriver)
        return driver.create(tenancy.placementOf(tenant), tenant)
      }
      case 'migrate':
        return tenancy.migrate(tenant)
      case 'roles':
        return tenancy.run(tenant, () => TenantSeeder.seedRoles())
      case 'owner':
        return tenancy.run(tenant, () =>
          TenantSeeder.createOwner({
            email: tenant.email,
            fullName: owner.name,
            passwordHash: owner.passwordHash,
          })
        )
      case 'domain':
        // Our own subdomain needs no DNS proof; custom domains are verified by CNAME later.
        for (const domain of await Domain.query()
          .where('tenant_id', tenant.id)
          .where('kind', 'subdomain')) {
          await domain.merge({ verifiedAt: DateTime.now() }).save()
        }
        return
      case 'activate':
        await tenant.merge({ status: TenantStatus.Active }).save()
        return AuditService.record({
          actorType: 'system',
          tenantId: tenant.id,
          action: 'tenant.created',
          details: { slug: tenant.slug },
        })
    }
  }

  /**
   * Remove a tenant and everything made for it: database (and cPanel objects), domains, row.
   * A failed `create` has already undone its own partial work, so the database is dropped only
   * when provisioning got past that step.
   */
  async rollback(tenant: Tenant, options: { dropDatabase: boolean }) {
    await tenancy.release(tenant)
    if (options.dropDatabase) {
      const driver = await tenancy.driver(tenant.dbDriver)
      await driver.destroy(tenancy.placementOf(tenant), tenant)
    }
    await tenant.delete()
  }
}
