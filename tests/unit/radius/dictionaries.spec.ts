import { readFileSync } from 'node:fs'
import { test } from '@japa/runner'
import { decodeRequest, encodeRequest, RadiusCode } from '#radius/codec/index'
import { DICTIONARY_FILES, loadDictionaries } from '#radius/dictionaries/index'

test.group('dictionaries', () => {
  test('both vendor files exist and declare their vendor ids', ({ assert }) => {
    const text = DICTIONARY_FILES.map((file) => readFileSync(file, 'utf8')).join('\n')
    assert.match(text, /^VENDOR\s+Mikrotik\s+14988$/m)
    assert.match(text, /^VENDOR\s+Microsoft\s+311$/m)
  })

  test('loading is idempotent', ({ assert }) => {
    loadDictionaries()
    loadDictionaries()
    const wire = encodeRequest({
      code: RadiusCode.AccountingRequest,
      identifier: 1,
      secret: 's',
      attributes: [['Vendor-Specific', 'Mikrotik', [['Mikrotik-Rate-Limit', '2M/10M']]]],
    })
    assert.equal(decodeRequest(wire, 's').vendorAttributes['Mikrotik-Rate-Limit'], '2M/10M')
  })

  test('MikroTik attributes encode with the numbers and types of dictionary.mikrotik', ({
    assert,
  }) => {
    const wire = encodeRequest({
      code: RadiusCode.AccountingRequest,
      identifier: 1,
      secret: 's',
      attributes: [
        [
          'Vendor-Specific',
          14988,
          [
            ['Mikrotik-Recv-Limit', 1],
            ['Mikrotik-Group', 'g'],
            ['Mikrotik-Total-Limit', 2],
            ['Mikrotik-Total-Limit-Gigawords', 3],
            ['Mikrotik-Address-List', 'a'],
          ],
        ],
      ],
    })
    // type, length, value of each sub-attribute after the 6-byte VSA header (vendor 0x3a8c).
    assert.equal(
      wire.subarray(20).toString('hex'),
      '1a1e' + '00003a8c' + '010600000001' + '030367' + '110600000002' + '120600000003' + '130361'
    )
  })

  test('Microsoft attributes have the RFC 2548 numbers', ({ assert }) => {
    const wire = encodeRequest({
      code: RadiusCode.AccountingRequest,
      identifier: 1,
      secret: 's',
      attributes: [
        ['Vendor-Specific', 311, [['MS-CHAP-Challenge', Buffer.of(0xaa)]]],
        ['Vendor-Specific', 311, [['MS-CHAP2-Response', Buffer.of(0xbb)]]],
        ['Vendor-Specific', 311, [['MS-MPPE-Send-Key', Buffer.of(0xcc)]]],
        ['Vendor-Specific', 311, [['MS-MPPE-Recv-Key', Buffer.of(0xdd)]]],
        ['Vendor-Specific', 311, [['MS-MPPE-Encryption-Policy', 1]]],
        ['Vendor-Specific', 311, [['MS-MPPE-Encryption-Types', 6]]],
      ],
    })
    const subTypes = []
    for (let offset = 20; offset < wire.length; offset += wire[offset + 1])
      subTypes.push(wire[offset + 6])
    assert.deepEqual(subTypes, [11, 25, 16, 17, 7, 8])
  })
})
