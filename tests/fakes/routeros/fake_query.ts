/*
 * `print` query words (EXTERNAL-APIS.md §4.3), evaluated the way RouterOS does: every word
 * pushes a boolean on a stack, `?#` operators combine the top of it, and an item matches when
 * every value left on the stack is true.
 */
import { FakeTrap } from './fake_menus.js'

type Row = Readonly<Record<string, string>>

function compare(left: string, right: string): number {
  const a = Number(left)
  const b = Number(right)
  if (left !== '' && right !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b
  return left < right ? -1 : left > right ? 1 : 0
}

/** The boolean one query word pushes for `row` (every word but `?#`). */
function test(word: string, row: Row): boolean {
  const body = word.slice(1)
  if (body.startsWith('-')) return row[body.slice(1)] === undefined
  const operator = body[0] === '<' || body[0] === '>' || body[0] === '=' ? body[0] : ''
  const rest = operator ? body.slice(1) : body
  const split = rest.indexOf('=')
  if (split === -1) return row[rest] !== undefined
  const value = row[rest.slice(0, split)]
  const expected = rest.slice(split + 1)
  if (value === undefined) return false
  if (operator === '<') return compare(value, expected) < 0
  if (operator === '>') return compare(value, expected) > 0
  return value === expected
}

/** Apply one `?#` operator string to the stack. */
function operate(operators: string, stack: boolean[]) {
  for (const operator of operators) {
    if (operator === '!') {
      stack.push(!stack.pop())
    } else if (operator === '|' || operator === '&') {
      const right = stack.pop() ?? true
      const left = stack.pop() ?? true
      stack.push(operator === '|' ? left || right : left && right)
    } else if (operator === '.') {
      stack.push(stack.at(-1) ?? true)
    } else {
      throw new FakeTrap(`unknown query operator ${operator}`, 1)
    }
  }
}

/** Whether `row` satisfies the query words, in the order they were sent. */
export function matchesQuery(queries: readonly string[], row: Row): boolean {
  const stack: boolean[] = []
  for (const word of queries) {
    if (word.startsWith('?#')) operate(word.slice(2), stack)
    else stack.push(test(word, row))
  }
  return stack.every(Boolean)
}

/** The row with only the properties `.proplist` names (all of them without one). */
export function project(row: Row, proplist: string | undefined): Record<string, string> {
  if (proplist === undefined) return { ...row }
  const picked: Record<string, string> = {}
  for (const key of proplist.split(',')) {
    if (row[key] !== undefined) picked[key] = row[key]
  }
  return picked
}
