import type { AuthContext } from '../auth_context.js'
import { reject, type Checker, type Rejection } from '../checker.js'

/** Loads the user's profile (the hot-path read); a user without any row is unknown. */
export class UserExistsChecker implements Checker {
  async check(context: AuthContext): Promise<Rejection | undefined> {
    if (context.username === '') return reject('The request has no User-Name')
    const profile = await context.repository.loadAuthProfile(context.username)
    if (!profile) return reject('Unknown user')
    context.profile = profile
    return undefined
  }
}
