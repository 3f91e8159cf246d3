import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { formatDateTime, formatMoney } from '#helpers/format'

test.group('formatMoney', () => {
  test('rupiah with dots between thousands and no decimals', ({ assert }) => {
    assert.equal(formatMoney(10000), 'Rp 10.000')
    assert.equal(formatMoney(1000), 'Rp 1.000')
    assert.equal(formatMoney(999), 'Rp 999')
    assert.equal(formatMoney(1_234_567_890), 'Rp 1.234.567.890')
  })

  test('zero, and nothing at all, are Rp 0', ({ assert }) => {
    assert.equal(formatMoney(0), 'Rp 0')
    assert.equal(formatMoney(null), 'Rp 0')
    assert.equal(formatMoney(undefined), 'Rp 0')
  })

  test('negative amounts put the sign before Rp', ({ assert }) => {
    assert.equal(formatMoney(-5000), '-Rp 5.000')
    // Rounds to a whole rupiah first, so a tiny negative is not "-Rp 0".
    assert.equal(formatMoney(-0.4), 'Rp 0')
  })

  test('rounds to whole rupiah', ({ assert }) => {
    assert.equal(formatMoney(1234.5), 'Rp 1.235')
    assert.equal(formatMoney(1234.49), 'Rp 1.234')
    assert.equal(formatMoney(-2.5), '-Rp 2')
  })

  test('accepts the strings decimal columns come back as', ({ assert }) => {
    assert.equal(formatMoney('15000.75'), 'Rp 15.001')
    assert.equal(formatMoney('250000.00'), 'Rp 250.000')
  })
})

test.group('formatDateTime', () => {
  test('Asia/Jakarta and Indonesian by default', ({ assert }) => {
    assert.equal(formatDateTime('2024-01-15T17:30:00Z'), '16 Jan 2024 00:30')
    assert.equal(formatDateTime('2024-05-01T00:00:00Z'), '1 Mei 2024 07:00')
  })

  test('another zone and English', ({ assert }) => {
    assert.equal(formatDateTime('2024-08-17T03:05:00Z', 'Asia/Makassar'), '17 Agu 2024 11:05')
    assert.equal(formatDateTime('2024-08-17T03:05:00Z', 'Asia/Jayapura', 'en'), '17 Aug 2024 12:05')
    assert.equal(
      formatDateTime('2024-12-31T20:00:00Z', 'Europe/Amsterdam', 'en'),
      '31 Dec 2024 21:00'
    )
  })

  test('takes a Luxon DateTime, a Date or an ISO string alike', ({ assert }) => {
    const expected = '1 Mei 2024 07:00'
    assert.equal(formatDateTime(DateTime.fromISO('2024-05-01T00:00:00Z')), expected)
    assert.equal(formatDateTime(new Date('2024-05-01T00:00:00Z')), expected)
    assert.equal(formatDateTime('2024-05-01T09:00:00+09:00'), expected)
  })

  test('no moment shows a dash', ({ assert }) => {
    assert.equal(formatDateTime(null), '—')
    assert.equal(formatDateTime(undefined), '—')
    assert.equal(formatDateTime(''), '—')
  })
})

test.group('format helpers on bad input', () => {
  test('money that is not a number and dates that are not dates show a dash', ({ assert }) => {
    assert.equal(formatMoney('abc'), '—')
    assert.equal(formatDateTime('not a date'), '—')
  })
})
