import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import { type AccountService } from '#services/account_service'
import { sqlTimestamp } from '#helpers/sql_timestamp'

/** Reset links work for one hour, once. */
const TOKEN_LIFETIME = { hours: 1 }

function digest(token: string) {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * Password reset by e-mail. Only a SHA-256 of the token is stored, a token works once and for an
 * hour, and a reset logs the account out everywhere. Requests for unknown e-mails look the same
 * as for known ones (no account discovery).
 */
export class PasswordResetService {
  constructor(private accounts: AccountService) {}

  /** Mail a reset link when the account exists; returns nothing either way. */
  async request(email: string, origin: string, locale: string) {
    const account = await this.accounts.findByEmail(email)
    if (!account || account.status !== 'active') return
    const token = randomBytes(32).toString('base64url')
    const { connection, table, userColumn } = this.accounts.resetTokens()
    await connection()
      .table(table)
      .insert({
        [userColumn]: account.id,
        token_hash: digest(token),
        expires_at: sqlTimestamp(DateTime.now().plus(TOKEN_LIFETIME)),
        created_at: sqlTimestamp(),
      })
    const link = `${origin}/reset-password/${token}`
    await mail.send((message) => {
      message
        .to(account.email)
        .subject(locale === 'en' ? 'Reset your password' : 'Atur ulang kata sandi Anda')
        .htmlView('emails/password_reset', { link, name: account.fullName, locale })
    })
  }

  /** Whether a token can still be used (for showing the form). */
  async isUsable(token: string) {
    return !!(await this.#find(token))
  }

  /** Set a new password with a token; false when the token is unknown, used or expired. */
  async reset(token: string, password: string): Promise<boolean> {
    const row = await this.#find(token)
    if (!row) return false
    const { connection, table, userColumn } = this.accounts.resetTokens()
    // Claim the token first: of two concurrent uses only one updates the row.
    const claimed = await connection()
      .from(table)
      .where('id', row.id)
      .whereNull('used_at')
      .update({ used_at: sqlTimestamp() })
    if (Number(claimed) === 0) return false
    const account = await this.accounts.findById(row[userColumn])
    if (!account) return false
    account.password = password
    await account.save()
    await this.accounts.logoutEverywhere(account)
    return true
  }

  async #find(token: string) {
    const { connection, table } = this.accounts.resetTokens()
    return connection()
      .from(table)
      .where('token_hash', digest(token))
      .whereNull('used_at')
      .where('expires_at', '>', sqlTimestamp())
      .first()
  }
}
