import { test } from '@japa/runner'
import { md4 } from '#radius/crypto/md4'

test.group('crypto / md4', () => {
  // RFC 1320 §A.5 test suite.
  const vectors: Array<[string, string]> = [
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    [
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
      '043f8582f241db351ce627e153e7f0e4',
    ],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      'e33b4ddc9c38f2199c3e7b164fcc0536',
    ],
  ]

  for (const [input, digest] of vectors) {
    test('RFC 1320 vector {$self}')
      .with([input])
      .run(({ assert }) => {
        assert.equal(md4(Buffer.from(input, 'ascii')).toString('hex'), digest)
      })
  }

  // Padding boundaries around 56 and 64 bytes, and a multi-block input; expected digests from
  // `openssl dgst -md4 -provider legacy` on runs of the letter "a".
  const boundaries: Array<[number, string]> = [
    [55, 'c889c81dd86c4d2e025778944ea02881'],
    [56, 'd5f9a9e9257077a5f08b0b92f348b0ad'],
    [63, '7ea3da77432d44c323671097d1348fc8'],
    [64, '52f5076fabd22680234a3fa9f9dc5732'],
    [65, '330e377bf231f3cacfecc2c182fe7e5b'],
    [1000, '5f1bf26a8067c9159b91f1440f7c9e8a'],
  ]

  for (const [length, digest] of boundaries) {
    test('{$self} bytes of "a" match OpenSSL')
      .with([length])
      .run(({ assert }) => {
        assert.equal(md4(Buffer.alloc(length, 0x61)).toString('hex'), digest)
      })
  }
})
