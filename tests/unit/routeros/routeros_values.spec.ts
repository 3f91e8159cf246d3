import { test } from '@japa/runner'
import {
  formatDuration,
  formatRate,
  formatRateLimit,
  parseDuration,
} from '../../../app/devices/routeros/routeros_values.js'

test.group('RouterOS values', () => {
  test('durations as RouterOS writes them, both ways', ({ assert }) => {
    assert.equal(parseDuration('1w2d3h4m5s'), 604_800 + 2 * 86_400 + 3 * 3600 + 4 * 60 + 5)
    assert.equal(parseDuration('12m3s'), 723)
    assert.equal(parseDuration('00:12:03'), 723)
    assert.equal(parseDuration('2d 01:00:00'), 2 * 86_400 + 3600)
    assert.equal(parseDuration(undefined), 0)
    assert.equal(parseDuration('none'), 0)
    assert.equal(formatDuration(5400), '1h30m')
    assert.equal(formatDuration(694_861), '1w1d1h1m1s')
    assert.equal(formatDuration(0), '0s')
  })

  test('rates take k/M/G only when they divide evenly', ({ assert }) => {
    assert.deepEqual([2_000_000, 512_000, 1_500_000, 1_000_000_000, 999, 0].map(formatRate), [
      '2M',
      '512k',
      '1500k',
      '1G',
      '999',
      '0',
    ])
  })

  test('rate-limit: upload (rx) first, burst and priority positional', ({ assert }) => {
    assert.equal(formatRateLimit(null), '')
    assert.equal(formatRateLimit({ uploadBps: 1_000_000, downloadBps: 5_000_000 }), '1M/5M')
    assert.equal(
      formatRateLimit({
        uploadBps: 1_000_000,
        downloadBps: 2_000_000,
        burst: {
          uploadBps: 2_000_000,
          downloadBps: 4_000_000,
          thresholdUploadBps: 768_000,
          thresholdDownloadBps: 1_500_000,
          timeSeconds: 8,
        },
        priority: 8,
      }),
      '1M/2M 2M/4M 768k/1500k 8/8 8'
    )
    assert.equal(
      formatRateLimit({ uploadBps: 1_000_000, downloadBps: 2_000_000, priority: 2 }),
      '1M/2M 0/0 0/0 0/0 2'
    )
  })
})
