/*
 * Minimal shape checks that report every mismatch with its path, so a failing conformance test
 * says exactly which field of which result is wrong.
 */

/** Expected type of a field; a trailing `?` also allows null. */
export type Expect =
  | 'string'
  | 'string?'
  | 'text'
  | 'number'
  | 'number?'
  | 'count'
  | 'boolean'
  | 'date?'
  | 'array'
  | 'object'
  | ((value: unknown) => string | undefined)

function check(value: unknown, expect: Exclude<Expect, (value: unknown) => string | undefined>) {
  const nullable = expect.endsWith('?')
  if (nullable && value === null) return undefined
  const problem = checkBase(value, expect.replace('?', ''))
  return problem && nullable ? `${problem} or null` : problem
}

function checkBase(value: unknown, base: string) {
  switch (base) {
    case 'text':
      return typeof value === 'string' && value.trim() !== '' ? undefined : 'a non-empty string'
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0
        ? undefined
        : 'a whole number ≥ 0'
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a finite number'
    case 'date':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? undefined : 'a valid Date'
    case 'array':
      return Array.isArray(value) ? undefined : 'an array'
    case 'object':
      return value !== null && typeof value === 'object' ? undefined : 'an object'
    case 'string':
      return typeof value === 'string' ? undefined : 'a string'
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'a boolean'
    default:
      throw new Error(`unknown expectation "${base}"`)
  }
}

/** Mismatches of `value` against `shape`, as "path.key: expected …, got …". */
export function shapeProblems(
  value: unknown,
  shape: Record<string, Expect>,
  path: string
): string[] {
  if (value === null || typeof value !== 'object')
    return [`${path}: expected an object, got ${JSON.stringify(value)}`]
  const problems: string[] = []
  for (const [key, expect] of Object.entries(shape)) {
    const field = (value as Record<string, unknown>)[key]
    const problem = typeof expect === 'function' ? expect(field) : check(field, expect)
    if (problem) problems.push(`${path}.${key}: expected ${problem}, got ${JSON.stringify(field)}`)
  }
  return problems
}

/** An Expect accepting one of `values`. */
export function oneOf(values: readonly unknown[]): Expect {
  return (value) => (values.includes(value) ? undefined : `one of ${values.join(', ')}`)
}
