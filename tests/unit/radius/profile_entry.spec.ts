import { test } from '@japa/runner'
import type { ProfileRow } from '#radius/users/auth_profile'
import { entryServes, entryVersion, packEntry, unpackRows } from '#radius/users/profile_entry'

const rows: ProfileRow[] = [
  { src: 1, priority: 0, grp: '', id: 11, attribute: 'Cleartext-Password', op: ':=', value: 'pw' },
  { src: 1, priority: 0, grp: '', id: 12, attribute: 'X-Not-Ours', op: '==', value: 'a b' },
  {
    src: 2,
    priority: 0,
    grp: '',
    id: 7,
    attribute: 'Mikrotik-Rate-Limit',
    op: '=',
    value: '2M/4M',
  },
  { src: 3, priority: 2, grp: 'Gold', id: 3, attribute: '', op: '', value: '' },
]
const groupRow: ProfileRow = {
  src: 5,
  priority: 2,
  grp: 'Gold',
  id: 9,
  attribute: 'Idle-Timeout',
  op: '=',
  value: '300',
}

test.group('RADIUS profile cache entries', () => {
  test('the own rows come back as read, group rows are left to the tenant', ({ assert }) => {
    const entry = packEntry(41, 7, '', [...rows, groupRow])!
    assert.deepEqual(unpackRows(entry), rows)
    assert.equal(entryVersion(entry), 41)
    // The names the product writes take one character each.
    assert.isBelow(
      entry.length,
      rows.map((row) => Object.values(row).join('\u0000')).join('').length
    )
    assert.notInclude(entry, 'Cleartext-Password')
    assert.include(entry, 'X-Not-Ours')
  })

  test('an unknown user (no rows) and a name kept beside its key', ({ assert }) => {
    const unknown = packEntry(5, 0, '', [])!
    assert.deepEqual(unpackRows(unknown), [])
    assert.equal(entryVersion(unknown), 5)
    assert.isTrue(entryServes(unknown, 'alice', 'alice', 0, 300))
    assert.isFalse(entryServes(unknown, 'alice', 'Alice', 0, 300))

    for (const withRows of [[], rows]) {
      const named = packEntry(5, 0, 'Alice', withRows)!
      assert.deepEqual(unpackRows(named), withRows)
      assert.isTrue(entryServes(named, 'alice', 'Alice', 0, 300))
      assert.isFalse(entryServes(named, 'alice', 'alice', 0, 300))
      assert.isFalse(entryServes(named, 'alice', 'Alic', 0, 300))
      assert.isFalse(entryServes(named, 'alice', 'AliceB', 0, 300))
    }
  })

  test('an entry serves until it is maxAge seconds old', ({ assert }) => {
    const entry = packEntry(1, 120, '', rows)!
    assert.isTrue(entryServes(entry, 'u', 'u', 120, 300))
    assert.isTrue(entryServes(entry, 'u', 'u', 419, 300))
    assert.isFalse(entryServes(entry, 'u', 'u', 420, 300))
  })

  test('a row with a control character anywhere is not packed', ({ assert }) => {
    for (const field of ['grp', 'attribute', 'op', 'value'] as const) {
      for (const control of ['\u0000', '\u0001', '\u001f']) {
        const bad = { ...rows[0], [field]: `x${control}` }
        assert.isUndefined(packEntry(1, 0, '', [bad]), `${field} ${control.charCodeAt(0)}`)
      }
    }
    // A group row is not packed, so its text does not matter.
    assert.isDefined(packEntry(1, 0, '', [{ ...groupRow, value: '\u0001' }]))
  })
})
