import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import hash from '@adonisjs/core/services/hash'
import { drivers } from '@adonisjs/queue'
import { Worker } from '@boringnode/queue'
import ProvisioningRun from '#models/central/provisioning_run'
import ProvisionTenantJob from '#jobs/provision_tenant_job'
import { TenantProvisioningService } from '#services/tenant_provisioning_service'
import { uniqueSlug } from '#tests/helpers/tenants'

test.group('Provisioning through the database queue', () => {
  test('a queued sign-up stays "queued" until a worker runs it, then reports done', async ({
    assert,
  }) => {
    const adapter = await drivers.database({ connectionName: 'central' }).resolver(app)
    const slug = uniqueSlug('q')
    const run = await new TenantProvisioningService().reserve({
      businessName: 'Queue Net',
      subdomain: slug,
      email: `o@${slug}.test`,
    })
    await ProvisionTenantJob.dispatch({
      runId: run.id,
      ownerPasswordHash: await hash.make('secret-123'),
      ownerName: 'Owner',
    }).with(adapter)

    await run.refresh()
    assert.equal(run.status, 'queued')
    assert.equal(run.progress, 0)

    const worker = new Worker({
      default: 'database',
      adapters: { database: adapter },
      jobFactory: (jobClass: any) => app.container.make(jobClass),
    } as any)
    for (let cycle = 0; cycle < 20 && run.status !== 'done' && run.status !== 'failed'; cycle++) {
      await worker.processCycle(['default'])
      await run.refresh()
    }
    await worker.stop()
    assert.equal(run.status, 'done')
    assert.equal((await ProvisioningRun.findOrFail(run.id)).progress, 100)
  })
})
