import type { HttpContext } from '@adonisjs/core/http'
import Nas from '#models/central/nas'
import { DataTableService } from '#services/data_table_service'
import { DeviceSyncService, isApiMode } from '#services/device_sync_service'
import { NasRegistryService } from '#services/nas_registry_service'
import { NasScriptService } from '#services/nas_script_service'
import { NasStatusService } from '#services/nas_status_service'
import { RouterCallService } from '#services/router_call_service'
import {
  asFormError,
  deviceDrivers,
  NAS_TYPES,
  validateNasChanges,
  validateNewNas,
  validateRotation,
} from '#validators/nas_validator'
import { formatDateTime } from '#helpers/format'

/** Flash key of a secret shown once, with the NAS it belongs to. */
export const REVEALED_SECRET = 'nasSecret'

const STATUS_KIND = { online: 'success', offline: 'danger', unknown: 'neutral' } as const

/** A NAS of the current tenant; another tenant's id is a 404 like a missing one. */
export function findTenantNas({ params, tenant }: HttpContext) {
  return Nas.query().where('tenant_id', tenant!.id).where('id', params.id).firstOrFail()
}

/** The secret flashed for `nas` by the request before (create or rotation), if any. */
export function revealedSecret({ session }: HttpContext, nas: Nas): string | null {
  const revealed = session.flashMessages.get(REVEALED_SECRET) as
    { id: number; secret: string } | undefined
  return revealed?.id === nas.id ? revealed.secret : null
}

/** What the form pages need besides the NAS. */
export function formOptions({ i18n }: HttpContext) {
  return {
    types: NAS_TYPES.map((type) => ({ value: type, label: i18n.t(`nas.types.${type}`) })),
    drivers: deviceDrivers(),
  }
}

function uptimeText(seconds: number) {
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor(seconds / 3600) % 24
  const minutes = Math.floor(seconds / 60) % 60
  return days > 0 ? `${days}d ${hours}h ${minutes}m` : `${hours}h ${minutes}m`
}

function rateText(bps: number) {
  if (bps >= 1e9) return `${(bps / 1e9).toFixed(2)} Gbit/s`
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(1)} Mbit/s`
  return `${(bps / 1e3).toFixed(0)} kbit/s`
}

/** Router health as the page shows it; null when no check has read it. */
function healthOf(nas: Nas) {
  if (!nas.routerVersion && nas.interfaceRates.length === 0) return null
  const mib = (bytes: number) => Math.round(bytes / 1_048_576)
  const { routerFreeMemory: free, routerTotalMemory: total } = nas
  return {
    version: nas.routerVersion,
    board: nas.routerBoard,
    uptime: nas.routerUptimeSeconds === null ? '—' : uptimeText(nas.routerUptimeSeconds),
    cpu: nas.routerCpuLoad === null ? '—' : `${nas.routerCpuLoad}%`,
    memory:
      free === null || !total
        ? '—'
        : `${mib(total - free)} / ${mib(total)} MiB (${Math.round(((total - free) / total) * 100)}%)`,
    interfaces: nas.interfaceRates.map((rate) => ({
      name: rate.name,
      rx: rateText(rate.rxBps),
      tx: rateText(rate.txBps),
    })),
  }
}

/** Everything the NAS page (and the wizard's script step) shows about one NAS. */
export async function nasDetails(ctx: HttpContext, nas: Nas) {
  const secret = revealedSecret(ctx, nas)
  const sessions = await NasStatusService.activeSessions([nas.id])
  const scripts = NasScriptService.scriptsFor(nas, secret, (key) => ctx.i18n.t(`nas.unifi.${key}`))
  const driver = deviceDrivers().find((option) => option.value === nas.driver)
  return {
    nas,
    secret,
    health: healthOf(nas),
    driverName: driver?.label ?? nas.driver,
    statusKind: STATUS_KIND[nas.lastStatus] ?? 'neutral',
    lastSeen: formatDateTime(NasStatusService.lastSeen(nas), ctx.tenant!.timezone, ctx.i18n.locale),
    checkedAt: formatDateTime(nas.lastStatusAt, ctx.tenant!.timezone, ctx.i18n.locale),
    activeSessions: sessions.get(nas.id) ?? 0,
    // Downloads are data: links, so a script holding the secret never needs a second request.
    scripts: scripts.map((script) => ({
      ...script,
      href: `data:text/plain;charset=utf-8,${encodeURIComponent(script.text)}`,
    })),
    warnings: NasScriptService.warnings(nas),
  }
}

/** NAS page (nas.view) and its changes (nas.manage); the routes check the permissions. */
export default class NasController {
  async index({ view }: HttpContext) {
    return view.render('pages/tenant/nas/index')
  }

  async data({ request, response, tenant, i18n, view }: HttpContext) {
    const page = await DataTableService.respond(request.qs(), {
      query: () => Nas.query().where('tenant_id', tenant!.id),
      columns: [
        { data: 'name', searchable: true, orderable: true },
        { data: 'type', orderable: true },
        { data: 'address', column: 'ip_address', searchable: true, orderable: true },
        { data: 'status', column: 'last_status', orderable: true },
        { data: 'lastSeen', column: 'last_contact_at', orderable: true },
        { data: 'sessions' },
      ],
      defaultOrder: { column: 'name', direction: 'asc' },
      serialize: (nas: Nas) => nas,
    })
    const sessions = await NasStatusService.activeSessions(page.data.map((nas) => nas.id))
    const rows = []
    for (const nas of page.data) {
      rows.push({
        id: nas.id,
        name: nas.name,
        type: i18n.t(`nas.types.${nas.type}`),
        address: nas.identifier ? `${nas.ipAddress} · ${nas.identifier}` : nas.ipAddress,
        status: await view.render('pages/tenant/nas/status_badge', {
          kind: STATUS_KIND[nas.lastStatus] ?? 'neutral',
          text: i18n.t(`nas.status.${nas.lastStatus}`),
          reason: nas.lastStatusReason ?? '',
        }),
        lastSeen: formatDateTime(NasStatusService.lastSeen(nas), tenant!.timezone, i18n.locale),
        sessions: sessions.get(nas.id) ?? 0,
        url: `/nas/${nas.id}`,
      })
    }
    return response.json({ ...page, data: rows })
  }

  async create(ctx: HttpContext) {
    return ctx.view.render('pages/tenant/nas/form', { nas: null, ...formOptions(ctx) })
  }

  async store(ctx: HttpContext) {
    const nas = await createNas(ctx)
    if (!nas) return ctx.response.redirect().toPath('/nas')
    return ctx.response.redirect().toPath(`/nas/${nas.id}`)
  }

  async show(ctx: HttpContext) {
    const nas = await findTenantNas(ctx)
    const calls = await new RouterCallService().list({ nasId: nas.id }, 10)
    const callCounts = isApiMode(nas) ? await new DeviceSyncService().callCounts(nas.id) : null
    return ctx.view.render('pages/tenant/nas/show', {
      ...(await nasDetails(ctx, nas)),
      calls,
      callCounts,
    })
  }

  async edit(ctx: HttpContext) {
    const nas = await findTenantNas(ctx)
    return ctx.view.render('pages/tenant/nas/form', { nas, ...formOptions(ctx) })
  }

  async update(ctx: HttpContext) {
    const nas = await findTenantNas(ctx)
    const changes = await validateNasChanges(ctx)
    const saved = await NasRegistryService.update(nas.id, changes).catch((error) => {
      throw asFormError(error, ctx.i18n)
    })
    await new DeviceSyncService().nasSaved(saved, nas.driver)
    ctx.session.flash('success', ctx.i18n.t('nas.updated', { name: changes.name }))
    return ctx.response.redirect().toPath(`/nas/${nas.id}`)
  }

  async destroy(ctx: HttpContext) {
    const nas = await findTenantNas(ctx)
    await NasRegistryService.remove(nas.id)
    ctx.session.flash('success', ctx.i18n.t('nas.deleted', { name: nas.name }))
    return ctx.response.redirect().toPath('/nas')
  }

  /** A new generated secret, shown once on the page the browser is sent back to. */
  async rotateSecret(ctx: HttpContext) {
    const nas = await findTenantNas(ctx)
    await validateRotation(ctx)
    const secret = await NasRegistryService.rotateSecret(nas.id)
    ctx.session.flash(REVEALED_SECRET, { id: nas.id, secret })
    ctx.session.flash('warning', ctx.i18n.t('nas.rotated'))
    return ctx.response.redirect().toPath(`/nas/${nas.id}`)
  }

  /** Queue every package and customer for this router; a RADIUS NAS has nothing to push. */
  async push(ctx: HttpContext) {
    const nas = await findTenantNas(ctx)
    const started = await new DeviceSyncService().pushAll(nas)
    ctx.session.flash(
      started ? 'success' : 'error',
      ctx.i18n.t(started ? 'nas.push_started' : 'nas.push_radius', { name: nas.name })
    )
    return ctx.response.redirect().toPath(`/nas/${nas.id}`)
  }

  /** Ask the device driver now, refresh the stored status, and say how it went. */
  async test(ctx: HttpContext) {
    const nas = await findTenantNas(ctx)
    const result = await NasStatusService.testConnection(nas)
    const message = ctx.i18n.t(result.ok ? 'nas.test_ok' : 'nas.test_failed', {
      message: result.message,
      ms: result.latencyMs,
    })
    ctx.session.flash(result.ok ? 'success' : 'error', message)
    return ctx.response.redirect().toPath(`/nas/${nas.id}`)
  }
}

/**
 * Registers a NAS from the form (the NAS page and the wizard), pushes everything to it when it
 * is API-mode, and flashes its secret to be shown once. Null when the plan's router limit
 * refused it (the reason is flashed).
 */
export async function createNas(ctx: HttpContext): Promise<Nas | null> {
  const input = await validateNewNas(ctx)
  try {
    const nas = await NasRegistryService.create(ctx.tenant!, input)
    await new DeviceSyncService().nasSaved(nas)
    ctx.session.flash(REVEALED_SECRET, { id: nas.id, secret: input.secret })
    ctx.session.flash('success', ctx.i18n.t('nas.created', { name: nas.name }))
    return nas
  } catch (error) {
    if ((error as { code?: string }).code !== 'E_NAS_LIMIT') throw asFormError(error, ctx.i18n)
    ctx.session.flash('error', ctx.i18n.t('nas.limit_reached'))
    return null
  }
}
