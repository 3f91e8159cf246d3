import type { HttpContext } from '@adonisjs/core/http'
import { forgotPasswordValidator, resetPasswordValidator } from '#validators/auth_validator'
import { AccountService } from '#services/account_service'
import { PasswordResetService } from '#services/password_reset_service'

/** "Forgot password" on either side: the link is mailed for the host it was asked on. */
export default class PasswordResetController {
  async create({ view }: HttpContext) {
    return view.render('pages/auth/forgot_password')
  }

  async store(ctx: HttpContext) {
    const { email } = await ctx.request.validateUsing(forgotPasswordValidator)
    const origin = `${ctx.request.protocol()}://${ctx.request.host()}`
    await new PasswordResetService(AccountService.for(ctx)).request(email, origin, ctx.i18n.locale)
    ctx.session.flash('success', ctx.i18n.t('auth.reset_link_sent'))
    return ctx.response.redirect().back()
  }

  async edit(ctx: HttpContext) {
    const token = ctx.params.token as string
    const usable = await new PasswordResetService(AccountService.for(ctx)).isUsable(token)
    return ctx.view.render('pages/auth/reset_password', { token, usable })
  }

  async update(ctx: HttpContext) {
    const { token, password } = await ctx.request.validateUsing(resetPasswordValidator)
    const done = await new PasswordResetService(AccountService.for(ctx)).reset(token, password)
    if (!done) {
      ctx.session.flash('error', ctx.i18n.t('auth.token_invalid'))
      return ctx.response.redirect().toPath('/forgot-password')
    }
    ctx.session.flash('success', ctx.i18n.t('auth.password_updated'))
    return ctx.response.redirect().toPath('/login')
  }
}
