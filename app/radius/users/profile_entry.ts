/*
 * How AuthProfileCache keeps one user: a single flat string, because 100,000 cached users are
 * most of the RADIUS server's heap. As an object with the rows string, its Map slot and the
 * key it cost ~270 bytes a user (a heap snapshot after the benchmark's cold pass: 65.6 MB live,
 * 38.9 MB with the cache off); a built profile would be ~1.5 KB.
 *
 * Fields, separated by NUL: the version of the snapshot the rows were read in, the second the
 * entry was made (cache clock), the username when it is not the key itself (the key is the
 * lower-case name), then seven fields per row: src, priority, group, id, attribute, op, value.
 * The attribute names the product writes are one control character each (NAME_CODES); rows
 * with a control character of their own anywhere are not packed (the user is not cached), so
 * nothing can be read back as anything else.
 */
import { Check, Reply } from './attribute_names.js'
import { Source, type ProfileRow } from './auth_profile.js'

const SEPARATOR = '\u0000'
const HEADER_FIELDS = 3
const ROW_FIELDS = 7

// Codes \u0001.. for the names the product writes, in a fixed order; at most 31.
const NAMES: readonly string[] = [...Object.values(Check), ...Object.values(Reply)]
const NAME_CODES = new Map(NAMES.map((name, at) => [name, String.fromCharCode(at + 1)]))

function hasControl(text: string): boolean {
  for (let at = 0; at < text.length; at++) if (text.charCodeAt(at) < 0x20) return true
  return false
}

/**
 * The entry of `rows` (the user's own: group rows are held by the tenant and skipped), or
 * undefined when a field holds a control character. `name`: the username when not the key.
 */
export function packEntry(
  version: number,
  loadedAt: number,
  name: string,
  rows: readonly ProfileRow[]
): string | undefined {
  const fields: (string | number)[] = [version, loadedAt, name]
  for (const row of rows) {
    const src = Number(row.src)
    // Group check and reply rows (4, 5) belong to the tenant's held groups.
    if (src > Source.Group) continue
    const grp = String(row.grp)
    const attribute = String(row.attribute)
    const op = String(row.op)
    const value = String(row.value)
    if (hasControl(grp) || hasControl(attribute) || hasControl(op) || hasControl(value)) {
      return undefined
    }
    fields.push(src, Number(row.priority), grp, Number(row.id))
    fields.push(NAME_CODES.get(attribute) ?? attribute, op, value)
  }
  return fields.join(SEPARATOR)
}

/** The rows of an entry, as the profile query gives them. */
export function unpackRows(entry: string): ProfileRow[] {
  const fields = entry.split(SEPARATOR)
  const rows: ProfileRow[] = []
  for (let at = HEADER_FIELDS; at + ROW_FIELDS <= fields.length; at += ROW_FIELDS) {
    const attribute = fields[at + 4]
    const code = attribute.length === 1 ? attribute.charCodeAt(0) : 0
    rows.push({
      src: Number(fields[at]),
      priority: Number(fields[at + 1]),
      grp: fields[at + 2],
      id: Number(fields[at + 3]),
      attribute: code > 0 && code <= NAMES.length ? NAMES[code - 1] : attribute,
      op: fields[at + 5],
      value: fields[at + 6],
    })
  }
  return rows
}

/** The non-negative integer at `from` (up to the next separator) and where it ends. */
function integerAt(entry: string, from: number): [value: number, end: number] {
  let value = 0
  let at = from
  for (; at < entry.length; at++) {
    const digit = entry.charCodeAt(at) - 48
    if (digit < 0 || digit > 9) break
    value = value * 10 + digit
  }
  return [value, at]
}

/** The version of the snapshot the entry was read in. */
export function entryVersion(entry: string): number {
  return integerAt(entry, 0)[0]
}

/**
 * Whether the entry (kept under `key`) is for `username`, exactly as asked, and younger than
 * `maxAge` seconds at `now`. Allocates nothing: it runs for every cached login.
 */
export function entryServes(
  entry: string,
  key: string,
  username: string,
  now: number,
  maxAge: number
): boolean {
  const [, versionEnd] = integerAt(entry, 0)
  const [loadedAt, loadedAtEnd] = integerAt(entry, versionEnd + 1)
  if (now - loadedAt >= maxAge) return false
  const nameAt = loadedAtEnd + 1
  if (entry.length === nameAt || entry.charCodeAt(nameAt) === 0) return username === key
  const nameEnd = nameAt + username.length
  return (
    entry.startsWith(username, nameAt) &&
    (nameEnd === entry.length || entry.charCodeAt(nameEnd) === 0)
  )
}
