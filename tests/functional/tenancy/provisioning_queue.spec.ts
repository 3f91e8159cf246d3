import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import ProvisioningRun from '#models/central/provisioning_run'
import ProvisionTenantJob from '#jobs/provision_tenant_job'
import { TenantProvisioningService } from '#services/tenant_provisioning_service'
import { queueWorker } from '#tests/helpers/queue'
import { uniqueSlug } from '#tests/helpers/tenants'

test.group('Provisioning through the database queue', () => {
  test('a queued sign-up stays "queued" until a worker runs it, then reports done', async ({
    assert,
  }) => {
    const worker = await queueWorker()
    try {
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
      })

      await run.refresh()
      assert.equal(run.status, 'queued')
      assert.equal(run.progress, 0)

      for (let cycle = 0; cycle < 20 && run.status !== 'done' && run.status !== 'failed'; cycle++) {
        await worker.cycle()
        await run.refresh()
      }
      assert.equal(run.status, 'done')
      assert.equal((await ProvisioningRun.findOrFail(run.id)).progress, 100)
    } finally {
      // The app's queue comes back even when an assertion fails part-way.
      await worker.stop()
    }
  })
})
