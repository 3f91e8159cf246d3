import type { AuthContext } from '../auth_context.js'
import type { ReplyEnhancer } from '../checker.js'
import type { Reply } from '../reply.js'

/** MS-CHAP2-Success and the MPPE keys of the password validator (RFC 2548, RFC 3079). */
export class PasswordReplyEnhancer implements ReplyEnhancer {
  enhance(context: AuthContext, reply: Reply): void {
    reply.appendVerbatim(context.passwordReply)
  }
}
