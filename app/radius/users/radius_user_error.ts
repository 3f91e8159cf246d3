/** Why a RADIUS user could not be written. */
export type RadiusUserErrorCode =
  'E_RADIUS_USER_EXISTS' | 'E_RADIUS_USER_NOT_FOUND' | 'E_RADIUS_USER_INVALID'

/** A refused RADIUS user write, with a message an operator can act on. */
export class RadiusUserError extends Error {
  /** Machine-readable reason. */
  readonly code: RadiusUserErrorCode

  constructor(code: RadiusUserErrorCode, message: string) {
    super(message)
    this.name = 'RadiusUserError'
    this.code = code
  }

  /** `username` already has rows. */
  static exists(username: string) {
    return new RadiusUserError('E_RADIUS_USER_EXISTS', `RADIUS user "${username}" already exists`)
  }

  /** `username` has no rows. */
  static notFound(username: string) {
    return new RadiusUserError(
      'E_RADIUS_USER_NOT_FOUND',
      `RADIUS user "${username}" does not exist`
    )
  }

  /** A value that the NAS or FreeRADIUS would not accept. */
  static invalid(what: string, value: unknown, expected: string) {
    return new RadiusUserError(
      'E_RADIUS_USER_INVALID',
      `${what} "${String(value)}" is not valid: expected ${expected}`
    )
  }
}
