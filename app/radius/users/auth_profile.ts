/*
 * Everything the authorization pipeline needs about one user, merged the way FreeRADIUS's
 * rlm_sql does: groups in radusergroup priority order (lower first, the first group to set an
 * attribute wins, `+=` adds), then the user's own rows override by attribute name.
 */

/** One attribute row of radcheck / radreply / radgroupcheck / radgroupreply. */
export interface AttributeRow {
  attribute: string
  op: string
  value: string
}

/** A row of the user's own radcheck (first-login markers are deleted by id). */
export interface UserCheckRow extends AttributeRow {
  id: number
}

/** What loadAuthProfile returns: merged control and reply items of one user. */
export interface AuthProfile {
  readonly username: string
  /** Control items by attribute: group defaults, then the user's own. */
  readonly check: ReadonlyMap<string, readonly string[]>
  /** The user's own radcheck rows. */
  readonly userCheck: readonly UserCheckRow[]
  /** Reply items by attribute, in order: group first, the user's radreply overriding. */
  readonly reply: ReadonlyMap<string, readonly string[]>
  /** The user's groups, highest priority first. */
  readonly groups: readonly string[]
}

/** A row of the profile query: `src` tells which table it came from. */
export interface ProfileRow {
  src: number
  priority: number
  grp: string
  id: number
  attribute: string
  op: string
  value: string
}

/** Values of the `src` column of the profile query. */
export const Source = { UserCheck: 1, UserReply: 2, Group: 3, GroupCheck: 4, GroupReply: 5 }

/** The first value of a control item. */
export function checkValue(profile: AuthProfile, attribute: string): string | undefined {
  return profile.check.get(attribute)?.[0]
}

/** A control item as a non-negative number, or undefined when absent or not a number. */
export function checkNumber(profile: AuthProfile, attribute: string): number | undefined {
  const value = checkValue(profile, attribute)
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined
  return Number(value)
}

/**
 * Group rows (already in priority order) merged per attribute: the first group that sets an
 * attribute owns it; within that group all its rows count, `+=` rows of later groups are added.
 */
function mergeGroups(rows: readonly ProfileRow[]): Map<string, string[]> {
  const merged = new Map<string, string[]>()
  const owner = new Map<string, string>()
  for (const row of rows) {
    const current = merged.get(row.attribute)
    if (current === undefined) {
      merged.set(row.attribute, [row.value])
      owner.set(row.attribute, row.grp)
    } else if (owner.get(row.attribute) === row.grp || row.op === '+=') {
      current.push(row.value)
    }
  }
  return merged
}

/** The user's rows replace the group's values of the same attribute (`+=` adds to them). */
function overrideWith(merged: Map<string, string[]>, rows: readonly AttributeRow[]): void {
  const replaced = new Set<string>()
  for (const row of rows) {
    const current = merged.get(row.attribute)
    if (row.op === '+=' && current) current.push(row.value)
    else if (replaced.has(row.attribute)) current!.push(row.value)
    else {
      merged.set(row.attribute, [row.value])
      replaced.add(row.attribute)
    }
  }
}

// FreeRADIUS's order: groups by priority (then name), rows by id.
function byPriority(a: ProfileRow, b: ProfileRow): number {
  return (
    Number(a.priority) - Number(b.priority) ||
    (a.grp < b.grp ? -1 : a.grp > b.grp ? 1 : 0) ||
    Number(a.id) - Number(b.id)
  )
}

/** Builds the profile from the rows of the profile query; null when the user has no rows. */
export function buildProfile(username: string, rows: readonly ProfileRow[]): AuthProfile | null {
  if (rows.length === 0) return null
  const userCheck: UserCheckRow[] = []
  const userReply: ProfileRow[] = []
  const groupCheck: ProfileRow[] = []
  const groupReply: ProfileRow[] = []
  const groups: ProfileRow[] = []
  for (const row of rows) {
    const src = Number(row.src)
    if (src === Source.UserCheck) userCheck.push({ ...row, id: Number(row.id) })
    else if (src === Source.UserReply) userReply.push(row)
    else if (src === Source.Group) groups.push(row)
    else if (src === Source.GroupCheck) groupCheck.push(row)
    else groupReply.push(row)
  }
  const check = mergeGroups(groupCheck.sort(byPriority))
  overrideWith(
    check,
    userCheck.sort((a, b) => a.id - b.id)
  )
  const reply = mergeGroups(groupReply.sort(byPriority))
  overrideWith(
    reply,
    userReply.sort((a, b) => Number(a.id) - Number(b.id))
  )
  const memberships = groups.sort(byPriority).map((row) => row.grp)
  return { username, check, userCheck, reply, groups: memberships }
}
