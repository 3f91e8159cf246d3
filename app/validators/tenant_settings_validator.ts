import vine from '@vinejs/vine'

const hexColor = () => vine.string().trim().regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/).optional()

export const tenantSettingsValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(120),
  timezone: vine.string().trim().use(validTimezone()),
  locale: vine.enum(['id', 'en']),
  primaryColor: hexColor(),
  secondaryColor: hexColor(),
  accentColor: hexColor(),
  radius: vine.string().trim().regex(/^(?:0|\d{1,2}(?:\.\d{1,3})?(?:rem|px))$/).optional(),
})

/** An IANA time zone known to this Node (Asia/Jakarta, Asia/Makassar, Asia/Jayapura, …). */
function validTimezone() {
  const zones = new Set(Intl.supportedValuesOf('timeZone'))
  zones.add('UTC')
  return vine.createRule((value, _options, field) => {
    if (typeof value === 'string' && !zones.has(value)) field.report('The {{ field }} is not a known time zone', 'timezone', field)
  })()
}
