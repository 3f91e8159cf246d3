import { test } from '@japa/runner'
import { secretEqual } from '#radius/crypto/constant_time'

function equal(a: string, b: string): boolean {
  return secretEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

test.group('crypto / secretEqual', () => {
  test('equal values are equal, the empty ones too', ({ assert }) => {
    assert.isTrue(equal('hello', 'hello'))
    assert.isTrue(equal('', ''))
    assert.isTrue(equal('p'.repeat(128), 'p'.repeat(128)))
  })

  test('values of the same length that differ are unequal', ({ assert }) => {
    assert.isFalse(equal('hello', 'hellO'))
    assert.isFalse(equal('hello', 'jello'))
  })

  test('values of different lengths are unequal, prefixes and zero padding included', ({
    assert,
  }) => {
    assert.isFalse(equal('hello', 'hello!'))
    assert.isFalse(equal('hello!', 'hello'))
    assert.isFalse(equal('', 'a'))
    assert.isFalse(equal('hell', 'hello'))
    assert.isFalse(equal('abc', 'abc\0'))
    assert.isFalse(equal('abc\0\0', 'abc'))
  })

  test('values longer than the scratch are compared too', ({ assert }) => {
    const long = 'x'.repeat(300)
    assert.isTrue(equal(long, long))
    assert.isFalse(equal(long, `${'x'.repeat(299)}y`))
    assert.isFalse(equal('x'.repeat(129), 'x'.repeat(128)))
    assert.isFalse(equal('x'.repeat(128), 'x'.repeat(129)))
    assert.isFalse(equal('short', long))
  })

  test('a comparison leaves nothing behind for the next one', ({ assert }) => {
    assert.isFalse(equal('abcd', 'abXY'))
    assert.isTrue(equal('ab', 'ab'))
  })
})
