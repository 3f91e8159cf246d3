import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/tenant/user'
import { StaffService } from '#services/staff_service'
import { DataTableService } from '#services/data_table_service'
import {
  ASSIGNABLE_STAFF_ROLES,
  staffStoreValidator,
  staffUpdateValidator,
} from '#validators/staff_validator'
import { formatDateTime } from '#helpers/format'

/** The Owner's staff page: list (DataTables), add a person with a role, edit or disable them. */
export default class StaffController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.with('StaffPolicy').authorize('viewList')
    return view.render('pages/tenant/staff/index')
  }

  async data({ request, response, bouncer, tenant, i18n }: HttpContext) {
    await bouncer.with('StaffPolicy').authorize('viewList')
    const reply = await DataTableService.respond(request.qs(), {
      query: () => StaffService.listQuery(),
      columns: [
        { data: 'fullName', column: 'users.full_name', searchable: true, orderable: true },
        { data: 'email', column: 'users.email', searchable: true, orderable: true },
        { data: 'role', column: 'roles.name', searchable: true, orderable: true },
        { data: 'status', column: 'users.status', orderable: true },
        { data: 'lastLoginAt', column: 'users.last_login_at', orderable: true },
      ],
      defaultOrder: { column: 'users.id', direction: 'asc' },
      serialize: (user: User) => ({
        id: user.id,
        fullName: user.fullName,
        email: user.email,
        role: i18n.t(`staff.roles.${user.$extras.role_slug}`),
        roleSlug: user.$extras.role_slug,
        status: i18n.t(`common.status.${user.status}`),
        lastLoginAt: formatDateTime(user.lastLoginAt, tenant!.timezone, i18n.locale),
        url: `/staff/${user.id}/edit`,
      }),
    })
    return response.json(reply)
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.with('StaffPolicy').authorize('create')
    return view.render('pages/tenant/staff/create', { roles: ASSIGNABLE_STAFF_ROLES })
  }

  async store({ request, response, bouncer, session, i18n }: HttpContext) {
    await bouncer.with('StaffPolicy').authorize('create')
    const data = await request.validateUsing(staffStoreValidator)
    await StaffService.create(data)
    session.flash('success', i18n.t('staff.created'))
    return response.redirect().toPath('/staff')
  }

  async edit({ params, view, bouncer }: HttpContext) {
    const staff = await User.query().where('id', params.id).preload('role').firstOrFail()
    await bouncer.with('StaffPolicy').authorize('update', staff)
    return view.render('pages/tenant/staff/edit', { staff, roles: ASSIGNABLE_STAFF_ROLES })
  }

  async update({ params, request, response, bouncer, session, i18n }: HttpContext) {
    const staff = await User.query().where('id', params.id).preload('role').firstOrFail()
    await bouncer.with('StaffPolicy').authorize('update', staff)
    const data = await request.validateUsing(staffUpdateValidator(staff.id))
    await StaffService.update(staff, data)
    session.flash('success', i18n.t('staff.updated'))
    return response.redirect().toPath('/staff')
  }
}
