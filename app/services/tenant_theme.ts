import themeService, { formToOverrides, type ThemeFormField } from '#services/theme_service'
import { TenantSettingsService } from '#services/tenant_settings_service'

/** Settings key holding the tenant's theme form (one base colour per brand scale, radius). */
export const THEME_SETTING_KEY = 'theme'

export type ThemeForm = Partial<Record<ThemeFormField, string>>

/** The current tenant's saved theme form. */
export function tenantThemeForm() {
  return TenantSettingsService.get<ThemeForm>(THEME_SETTING_KEY, {})
}

/** The `:root` CSS variables for the current tenant: theme.json with its overrides applied. */
export async function tenantThemeCss() {
  return themeService.cssFor(formToOverrides(await tenantThemeForm()))
}

/** Keep only the filled-in fields of a validated settings form. */
export function themeFormFrom(data: ThemeForm): ThemeForm {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => !!value))
}
