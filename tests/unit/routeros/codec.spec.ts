import { test } from '@japa/runner'
import {
  decodeLength,
  encodeLength,
  encodeSentence,
  RouterOsCodecError,
  SentenceDecoder,
} from '#tests/fakes/routeros/codec'

/** EXTERNAL-APIS.md §4.2 test vectors. */
const LENGTH_VECTORS: [number, string][] = [
  [0, '00'],
  [127, '7f'],
  [128, '8080'],
  [200, '80c8'],
  [16383, 'bfff'],
  [16384, 'c04000'],
  [2097151, 'dfffff'],
  [2097152, 'e0200000'],
  [268435456, 'f010000000'],
]

test.group('RouterOS codec / word length prefix', () => {
  test('encodes {length} as {hex}')
    .with(LENGTH_VECTORS.map(([length, hex]) => ({ length, hex })))
    .run(({ assert }, { length, hex }) => {
      assert.equal(encodeLength(length).toString('hex'), hex)
    })

  test('decodes {hex} as {length}')
    .with(LENGTH_VECTORS.map(([length, hex]) => ({ length, hex })))
    .run(({ assert }, { length, hex }) => {
      assert.deepEqual(decodeLength(Buffer.from(hex, 'hex')), { length, size: hex.length / 2 })
    })

  test('the largest length of each form round-trips', ({ assert }) => {
    for (const length of [0x7f, 0x3fff, 0x1fffff, 0xfffffff, 0xffffffff]) {
      assert.equal(decodeLength(encodeLength(length))?.length, length)
    }
  })

  test('a prefix cut short needs more bytes; reserved control bytes are refused', ({ assert }) => {
    assert.isUndefined(decodeLength(Buffer.from('c040', 'hex')))
    assert.isUndefined(decodeLength(Buffer.alloc(0)))
    for (const control of [0xf1, 0xf8, 0xff]) {
      assert.throws(() => decodeLength(Buffer.from([control, 0, 0, 0, 0])), RouterOsCodecError)
    }
  })
})

test.group('RouterOS codec / sentences (§4.6 worked examples)', () => {
  test('the login sentence', ({ assert }) => {
    const bytes = encodeSentence(['/login', '=name=admin', '=password=secret', '.tag=ab12'])
    assert.equal(
      bytes.toString('hex'),
      '062f6c6f67696e' +
        '0b3d6e616d653d61646d696e' +
        '103d70617373776f72643d736563726574' +
        '092e7461673d61623132' +
        '00'
    )
  })

  test('replies: !done with the tag, =ret= of an add, !empty', ({ assert }) => {
    assert.equal(
      encodeSentence(['!done', '.tag=ab12']).toString('hex'),
      '0521646f6e65092e7461673d6162313200'
    )
    assert.equal(
      encodeSentence(['!done', '=ret=*1A', '.tag=t1']).toString('hex'),
      '0521646f6e65083d7265743d2a3141072e7461673d743100'
    )
    assert.equal(
      encodeSentence(['!empty', '.tag=t2']).toString('hex'),
      '0621656d707479072e7461673d743200'
    )
    const trap = encodeSentence([
      '!trap',
      '=message=failure: already have user with this name for this server',
    ])
    // The 66-byte =message word still has a one-byte length.
    assert.equal(trap[6], 0x42)
  })

  test('the decoder reassembles sentences from any cut of the stream', ({ assert }) => {
    // 200 bytes take a 2-byte prefix, 17 000 bytes a 3-byte one.
    for (const [size, steps] of [
      [200, [1, 2, 3, 7]],
      [17_000, [4096, 16_385]],
    ] as const) {
      const long = `=comment=${'x'.repeat(size)}`
      const stream = Buffer.concat([
        encodeSentence(['/ip/hotspot/user/add', '=name=V8K2Q', long, '.tag=t1']),
        encodeSentence(['/ip/hotspot/active/print', '?user=V8K2Q', '.tag=t2']),
      ])
      for (const step of [...steps, stream.length]) {
        const decoder = new SentenceDecoder()
        const sentences: string[][] = []
        for (let offset = 0; offset < stream.length; offset += step) {
          sentences.push(...decoder.push(stream.subarray(offset, offset + step)))
        }
        assert.deepEqual(sentences, [
          ['/ip/hotspot/user/add', '=name=V8K2Q', long, '.tag=t1'],
          ['/ip/hotspot/active/print', '?user=V8K2Q', '.tag=t2'],
        ])
      }
    }
  })

  test('a word over the limit is refused instead of buffered', ({ assert }) => {
    const decoder = new SentenceDecoder(1024)
    assert.throws(() => decoder.push(encodeLength(268435456)), RouterOsCodecError)
  })
})
