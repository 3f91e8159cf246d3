import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto'
import { test } from '@japa/runner'
import { HmacMd5, hmacMd5Key, Md5, md5 } from '#radius/crypto/md5'
import { secretBytes } from '#radius/crypto/secret'

function hmacMd5(key: Uint8Array, data: Uint8Array): string {
  return new HmacMd5().start(hmacMd5Key(key)).update(data).digest().toString('hex')
}

/** `data` cut into up to five ranges at random points, as the authenticators feed a packet. */
function randomCuts(data: Uint8Array): number[] {
  const cuts = Array.from({ length: 4 }, () => randomInt(data.length + 1)).sort((a, b) => a - b)
  return [0, ...cuts, data.length]
}

test.group('crypto / md5', () => {
  // RFC 1321 §A.5 test suite.
  const vectors: Array<[string, string]> = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    [
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
      'd174ab98d277d9f5a5611c2c9f419d9f',
    ],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      '57edf4a22be3c955ac49da2e2107b67a',
    ],
  ]

  for (const [input, digest] of vectors) {
    test('RFC 1321 vector {$self}')
      .with([input])
      .run(({ assert }) => {
        assert.equal(md5(Buffer.from(input, 'ascii')).toString('hex'), digest)
      })
  }

  test('parts are hashed as their concatenation', ({ assert }) => {
    const input = Buffer.from('message digest')
    assert.equal(
      md5(input.subarray(0, 3), new Uint8Array(0), input.subarray(3)).toString('hex'),
      'f96b697d7cb7938d525a2f31aaf161d0'
    )
  })

  test('matches node:crypto for random lengths 0..1000 fed as random ranges', ({ assert }) => {
    const hash = new Md5()
    const out = Buffer.alloc(20)
    for (let length = 0; length <= 1000; length++) {
      const data = randomBytes(length)
      const cuts = randomCuts(data)
      hash.reset()
      for (let i = 1; i < cuts.length; i++) hash.update(data, cuts[i - 1], cuts[i])
      hash.digestInto(out, 4)
      const expected = createHash('md5').update(data).digest()
      assert.deepEqual(out.subarray(4), expected, `length ${length}, cuts ${cuts.join(',')}`)
    }
  })
})

test.group('crypto / hmac-md5', () => {
  // RFC 2202 §2 test cases 1–7 (6 and 7 have an 80-byte key, hashed first per RFC 2104 §2).
  const cases: Array<[string, Buffer, Buffer, string]> = [
    ['1', Buffer.alloc(16, 0x0b), Buffer.from('Hi There'), '9294727a3638bb1c13f48ef8158bfc9d'],
    [
      '2',
      Buffer.from('Jefe'),
      Buffer.from('what do ya want for nothing?'),
      '750c783e6ab0b503eaa86e310a5db738',
    ],
    ['3', Buffer.alloc(16, 0xaa), Buffer.alloc(50, 0xdd), '56be34521d144c88dbb8c733f0e8b3f6'],
    [
      '4',
      Buffer.from('0102030405060708090a0b0c0d0e0f10111213141516171819', 'hex'),
      Buffer.alloc(50, 0xcd),
      '697eaf0aca3a3aea3a75164746ffaa79',
    ],
    [
      '5',
      Buffer.alloc(16, 0x0c),
      Buffer.from('Test With Truncation'),
      '56461ef2342edc00f9bab995690efd4c',
    ],
    [
      '6',
      Buffer.alloc(80, 0xaa),
      Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First'),
      '6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd',
    ],
    [
      '7',
      Buffer.alloc(80, 0xaa),
      Buffer.from('Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data'),
      '6f630fad67cda0ee1fb1f562db3aa53e',
    ],
  ]

  for (const [name, key, data, mac] of cases) {
    test('RFC 2202 test case {$self}')
      .with([name])
      .run(({ assert }) => {
        assert.equal(hmacMd5(key, data), mac)
      })
  }

  test('matches node:crypto for random keys and lengths 0..1000', ({ assert }) => {
    const hmac = new HmacMd5()
    for (let length = 0; length <= 1000; length++) {
      const key = randomBytes(randomInt(0, 200))
      const data = randomBytes(length)
      const cuts = randomCuts(data)
      hmac.start(hmacMd5Key(key))
      for (let i = 1; i < cuts.length; i++) hmac.update(data, cuts[i - 1], cuts[i])
      const expected = createHmac('md5', key).update(data).digest()
      assert.deepEqual(hmac.digest(), expected, `key ${key.toString('hex')}, length ${length}`)
    }
  })

  test('a string secret keys the same MAC as node:crypto with that string', ({ assert }) => {
    const data = Buffer.from('Status-Server')
    for (const secret of ['testing123', 'sécret-ünïcode', 'x'.repeat(100)]) {
      assert.equal(
        hmacMd5(secretBytes(secret), data),
        createHmac('md5', secret).update(data).digest('hex')
      )
    }
  })

  test('digest without start is refused', ({ assert }) => {
    assert.throws(() => new HmacMd5().digest(), /start/)
  })
})

test.group('crypto / secret bytes', () => {
  test('a string secret maps to one cached Buffer of its UTF-8 bytes', ({ assert }) => {
    const bytes = secretBytes('testing123')
    assert.strictEqual(secretBytes('testing123'), bytes)
    assert.deepEqual(bytes, Buffer.from('testing123', 'utf8'))
    const raw = Buffer.from('raw')
    assert.strictEqual(secretBytes(raw), raw)
  })

  test('the cache is bounded: the oldest secret is dropped first', ({ assert }) => {
    const first = secretBytes('bounded-0')
    for (let i = 1; i <= 4096; i++) secretBytes(`bounded-${i}`)
    assert.notStrictEqual(secretBytes('bounded-0'), first)
    assert.deepEqual(secretBytes('bounded-0'), first)
  })
})
