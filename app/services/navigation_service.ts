import type { HttpContext } from '@adonisjs/core/http'
import { hasPermission } from '#abilities/main'
import type { PlatformPermission, TenantPermission } from '#abilities/permissions'

interface NavEntry {
  href: string
  label: string
  permission: TenantPermission | PlatformPermission
  icon: string
}

const PLATFORM_NAV: NavEntry[] = [
  {
    href: '/platform',
    label: 'nav.dashboard',
    permission: 'platform.dashboard.view',
    icon: 'home',
  },
  { href: '/platform/tenants', label: 'nav.tenants', permission: 'tenants.view', icon: 'building' },
]

const TENANT_NAV: NavEntry[] = [
  { href: '/dashboard', label: 'nav.dashboard', permission: 'dashboard.view', icon: 'home' },
  { href: '/nas', label: 'nav.nas', permission: 'nas.view', icon: 'server' },
  { href: '/customers', label: 'nav.customers', permission: 'customers.view', icon: 'wifi' },
  { href: '/packages', label: 'nav.packages', permission: 'packages.manage', icon: 'package' },
  { href: '/vouchers', label: 'nav.vouchers', permission: 'vouchers.print', icon: 'ticket' },
  { href: '/cashier', label: 'nav.cashier', permission: 'sales.offline.record', icon: 'receipt' },
  {
    href: '/sales/today',
    label: 'nav.sales_today',
    permission: 'reports.sales.view',
    icon: 'chart',
  },
  { href: '/exports', label: 'imports.nav', permission: 'vouchers.manage', icon: 'card' },
  { href: '/staff', label: 'nav.staff', permission: 'staff.manage', icon: 'users' },
  { href: '/settings', label: 'nav.settings', permission: 'settings.manage', icon: 'cog' },
  { href: '/portal', label: 'nav.portal', permission: 'portal.self', icon: 'user' },
]

/** The sidebar for the logged-in person: only the pages their role may open. */
export async function navigationFor(ctx: HttpContext) {
  const entries = ctx.hostKind === 'platform' ? PLATFORM_NAV : TENANT_NAV
  const path = ctx.request.url()
  const items = []
  for (const entry of entries) {
    if (await ctx.bouncer.allows(hasPermission, entry.permission)) {
      const active =
        path === entry.href || (entry.href !== '/platform' && path.startsWith(`${entry.href}/`))
      items.push({ href: entry.href, label: ctx.i18n.t(entry.label), icon: entry.icon, active })
    }
  }
  return items
}
