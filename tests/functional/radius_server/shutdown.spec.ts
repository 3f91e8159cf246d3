/*
 * A graceful stop: what the authorizer and the recorder still do after their replies (the auth
 * log, enforcement lookups) is finished before stop() resolves, so the tenant connections the
 * application closes next are not pulled from under it.
 */
import { test } from '@japa/runner'
import { startTestServer } from './support.js'
import { TestAuthorizer, TestRecorder } from './test_aaa.js'

/** Background work that takes `ms` and records when it finished. */
function lingering(ms: number, finished: string[], name: string) {
  return () =>
    new Promise<void>((resolve) =>
      setTimeout(() => {
        finished.push(name)
        resolve()
      }, ms)
    )
}

test.group('RADIUS server: shutdown', () => {
  test('stop() waits for the authorizer and the recorder to settle', async ({ assert }) => {
    const finished: string[] = []
    const authorizer = Object.assign(new TestAuthorizer(), {
      settled: lingering(30, finished, 'authorizer'),
    })
    const recorder = Object.assign(new TestRecorder(), {
      settled: lingering(60, finished, 'recorder'),
    })
    const server = await startTestServer({ authorizer, recorder })
    await server.stop()
    finished.push('stopped')
    assert.deepEqual(finished, ['authorizer', 'recorder', 'stopped'])
  })
})
