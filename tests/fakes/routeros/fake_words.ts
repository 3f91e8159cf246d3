/*
 * The words of the fake router's sentences (EXTERNAL-APIS.md §4.3): a client sentence split into
 * command, attributes, queries and tag, and the attribute words of its replies.
 */
import type { FakeTrap } from './fake_menus.js'

/** A client sentence, split into its parts (§4.3). */
export interface Command {
  path: string
  params: Record<string, string>
  queries: string[]
  tag?: string
}

/** Split a client sentence into its parts. */
export function parseCommand(words: readonly string[]): Command {
  const command: Command = { path: words[0], params: {}, queries: [] }
  for (const word of words.slice(1)) {
    if (word.startsWith('.tag=')) {
      command.tag = word.slice(5)
    } else if (word.startsWith('?')) {
      command.queries.push(word)
    } else {
      // `=name=value` splits on the first two `=` only (§4.3); `.proplist=` may come bare.
      const body = word.startsWith('=') ? word.slice(1) : word
      const split = body.indexOf('=')
      if (split === -1) command.params[body] = ''
      else command.params[body.slice(0, split)] = body.slice(split + 1)
    }
  }
  return command
}

/** The `!trap` sentence of a refusal (category only when it has one). */
export function trapSentence(trap: FakeTrap): string[] {
  const words = ['!trap', `=message=${trap.message}`]
  if (trap.category !== undefined) words.push(`=category=${trap.category}`)
  return words
}

/** Whether a RouterOS version string (`7.18.2 (stable)`) is at least major.minor. */
export function versionAtLeast(version: string, major: number, minor: number) {
  const [a = 0, b = 0] = version.split(/[.\s]/).map(Number)
  return a > major || (a === major && b >= minor)
}

/** `=key=value` words of a row. */
export function attributeWords(row: Readonly<Record<string, string>>): string[] {
  return Object.entries(row).map(([key, value]) => `=${key}=${value}`)
}
