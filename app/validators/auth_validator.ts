import vine from '@vinejs/vine'

export const loginValidator = vine.create({
  email: vine.string().trim().email().normalizeEmail({ all_lowercase: true }),
  password: vine.string().maxLength(128),
  remember: vine.boolean().optional(),
})

export const forgotPasswordValidator = vine.create({
  email: vine.string().trim().email().normalizeEmail({ all_lowercase: true }),
})

export const resetPasswordValidator = vine.create({
  token: vine.string().maxLength(100),
  password: vine.string().minLength(8).maxLength(128).confirmed(),
})
