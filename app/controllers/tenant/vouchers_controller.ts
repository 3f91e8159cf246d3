import type { HttpContext } from '@adonisjs/core/http'
import type Voucher from '#models/tenant/voucher'
import { DataTableService } from '#services/data_table_service'
import { VoucherService, type VoucherState } from '#services/voucher_service'
import { voucherFilterValidator } from '#validators/voucher_validator'
import { formatDateTime } from '#helpers/format'

/** The voucher list of a batch: code, state read from RADIUS, who used it on which device. */
export default class VouchersController {
  async data({ request, response, tenant, i18n }: HttpContext) {
    const { batch } = await voucherFilterValidator.validate(request.qs())
    const service = new VoucherService()
    let states = new Map<string, VoucherState>()
    const zone = tenant!.timezone
    const reply = await DataTableService.respond(request.qs(), {
      query: () => service.listQuery(batch),
      columns: [
        { data: 'code', searchable: true, orderable: true },
        { data: 'password' },
        { data: 'status' },
        { data: 'firstUsedAt' },
        { data: 'usedByMac' },
        { data: 'expiresAt' },
      ],
      defaultOrder: { column: 'id', direction: 'asc' },
      serialize: (voucher: Voucher) => ({
        id: voucher.id,
        code: voucher.code,
        password: voucher.password,
      }),
    })
    // States for the page's vouchers only: four reads whatever the batch's size.
    states = await service.statesOf(reply.data.map((row) => row.code))
    return response.json({
      ...reply,
      data: reply.data.map((row) => {
        const state = states.get(row.code)!
        return {
          ...row,
          status: i18n.t(`vouchers.statuses.${state.status}`),
          statusKey: state.status,
          firstUsedAt: formatDateTime(state.firstUsedAt, zone, i18n.locale),
          usedByMac: state.usedByMac ?? '—',
          expiresAt: formatDateTime(state.expiresAt, zone, i18n.locale),
        }
      }),
    })
  }
}
