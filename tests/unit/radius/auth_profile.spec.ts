import { test } from '@japa/runner'
import { buildProfile, checkNumber, type ProfileRow } from '#radius/users/auth_profile'

let id = 0
const row = (
  src: number,
  grp: string,
  priority: number,
  attribute: string,
  value: string,
  op = '='
): ProfileRow => ({
  src,
  grp,
  priority,
  id: ++id,
  attribute,
  op,
  value,
})

test.group('buildProfile (FreeRADIUS merge order)', () => {
  test('unknown user: no rows, no profile', ({ assert }) => {
    assert.isNull(buildProfile('x', []))
  })

  test('groups by priority, the first group owns an attribute, += adds, the user overrides', ({
    assert,
  }) => {
    const profile = buildProfile('u', [
      row(5, 'slow', 2, 'Mikrotik-Rate-Limit', '1M/1M'),
      row(5, 'slow', 2, 'Mikrotik-Address-List', 'slow'),
      row(5, 'fast', 1, 'Mikrotik-Rate-Limit', '10M/10M'),
      row(5, 'fast', 1, 'Framed-Route', '10.0.0.0/24'),
      row(5, 'slow', 2, 'Framed-Route', '10.1.0.0/24', '+='),
      row(4, 'fast', 1, 'Simultaneous-Use', '2', ':='),
      row(1, '', 0, 'Simultaneous-Use', '1', ':='),
      row(1, '', 0, 'Cleartext-Password', 'pw', ':='),
      row(2, '', 0, 'Framed-IP-Address', '10.9.9.9'),
      row(3, 'slow', 2, '', ''),
      row(3, 'fast', 1, '', ''),
    ])!
    assert.deepEqual(profile.groups, ['fast', 'slow'])
    assert.deepEqual(profile.reply.get('Mikrotik-Rate-Limit'), ['10M/10M'])
    assert.deepEqual(profile.reply.get('Mikrotik-Address-List'), ['slow'])
    assert.deepEqual(profile.reply.get('Framed-Route'), ['10.0.0.0/24', '10.1.0.0/24'])
    assert.deepEqual(profile.reply.get('Framed-IP-Address'), ['10.9.9.9'])
    assert.equal(checkNumber(profile, 'Simultaneous-Use'), 1)
    assert.deepEqual(
      profile.userCheck.map((check) => check.attribute),
      ['Simultaneous-Use', 'Cleartext-Password']
    )
  })
})
