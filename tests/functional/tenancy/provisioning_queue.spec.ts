import { test } from '@japa/runner'
import ProvisioningRun from '#models/central/provisioning_run'
import { queuedSignUp, queueWorker, workUntilSettled } from '#tests/helpers/queue'

test.group('Provisioning through the database queue', () => {
  test('a queued sign-up stays "queued" until a worker runs it, then reports done', async ({
    assert,
  }) => {
    const worker = await queueWorker()
    try {
      const run = await queuedSignUp()

      await run.refresh()
      assert.equal(run.status, 'queued')
      assert.equal(run.progress, 0)

      await workUntilSettled(worker, run)
      assert.equal(run.status, 'done')
      assert.equal((await ProvisioningRun.findOrFail(run.id)).progress, 100)
    } finally {
      // The app's queue comes back even when an assertion fails part-way.
      await worker.stop()
    }
  })
})
