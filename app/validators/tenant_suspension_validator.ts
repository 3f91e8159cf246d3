import vine from '@vinejs/vine'

export const suspendTenantValidator = vine.create({
  reason: vine.string().trim().minLength(3).maxLength(500),
})
