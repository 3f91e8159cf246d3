import { test } from '@japa/runner'
import { normalizeIpAddress } from '#radius/nas_registry'

test.group('NAS registry / address normalisation', () => {
  test('one canonical text per address, as the kernel reports sources', ({ assert }) => {
    assert.equal(normalizeIpAddress(' 192.0.2.7 '), '192.0.2.7')
    assert.equal(normalizeIpAddress('::FFFF:192.0.2.7'), '192.0.2.7')
    assert.equal(normalizeIpAddress('2001:DB8:0:0:0:0:0:1'), '2001:db8::1')
    assert.equal(normalizeIpAddress('2001:db8:0:1:0:0:0:1'), '2001:db8:0:1::1')
    assert.equal(normalizeIpAddress('::1'), '::1')
    for (const invalid of [
      '',
      'router.example',
      '192.0.2',
      '01.2.3.4',
      '1::2::3',
      '::ffff:999.1.1.1',
    ]) {
      assert.isUndefined(normalizeIpAddress(invalid), invalid)
    }
  })
})
