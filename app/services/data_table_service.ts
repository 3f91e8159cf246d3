import vine from '@vinejs/vine'

/** One column the client may show, sort and search; anything else it names is ignored. */
export interface DataTableColumn {
  /** Key in DataTables' `columns[i][data]` and in each returned row. */
  data: string
  /** SQL column it reads (defaults to `data`); never taken from the request. */
  column?: string
  searchable?: boolean
  orderable?: boolean
}

/** The query-builder surface the helper needs (Lucid model and database builders both fit). */
export interface DataTableQuery<Row> {
  clone(): DataTableQuery<Row>
  where(callback: (query: any) => void): this
  orderBy(column: string, direction: 'asc' | 'desc'): this
  offset(value: number): this
  limit(value: number): this
  count(columns: string): any
  then: PromiseLike<Row[]>['then']
}

/** DataTables' standard reply. */
export interface DataTableResponse<Out> {
  draw: number
  recordsTotal: number
  recordsFiltered: number
  data: Out[]
}

/** Hard cap on one page, whatever `length` the client sends (`-1` = "all" included). */
export const MAX_PAGE_LENGTH = 100

const requestValidator = vine.create({
  draw: vine.number().withoutDecimals().min(0).optional(),
  start: vine.number().withoutDecimals().min(0).optional(),
  length: vine.number().withoutDecimals().min(-1).optional(),
  search: vine.object({ value: vine.string().maxLength(100).optional() }).optional(),
  order: vine
    .array(
      vine.object({
        column: vine.number().withoutDecimals().min(0),
        dir: vine.enum(['asc', 'desc']).optional(),
      })
    )
    .maxLength(5)
    .optional(),
  columns: vine
    .array(
      vine.object({
        data: vine.string().maxLength(64),
        search: vine.object({ value: vine.string().maxLength(100).optional() }).optional(),
      })
    )
    .maxLength(50)
    .optional(),
})

/**
 * `column LIKE %value%` with the wildcards in `value` escaped, so a search for `50%` means the
 * text "50%". `!` is the escape character because it means the same in SQLite and MySQL.
 */
function whereContains(
  query: any,
  column: string,
  value: string,
  method: 'whereRaw' | 'orWhereRaw'
) {
  const pattern = `%${value.replace(/[!%_]/g, (char) => `!${char}`)}%`
  query[method](`?? like ? escape '!'`, [column, pattern])
}

/**
 * Turns a DataTables server-side request (draw, start, length, search, order, columns) into a
 * query over a whitelist of columns and returns the standard reply. Column names, sort keys and
 * page sizes from the client are never trusted: only whitelisted columns are sorted or searched.
 */
export class DataTableService {
  static async respond<Row, Out>(
    input: Record<string, unknown>,
    options: {
      query: () => DataTableQuery<Row>
      columns: DataTableColumn[]
      serialize: (row: Row) => Out
      defaultOrder?: { column: string; direction: 'asc' | 'desc' }
    }
  ): Promise<DataTableResponse<Out>> {
    const request = await requestValidator.validate(input)
    const byData = new Map(options.columns.map((column) => [column.data, column]))
    const requested = request.columns ?? []
    const sqlOf = (column: DataTableColumn) => column.column ?? column.data

    const base = options.query()
    const filtered = base.clone()
    const globalSearch = request.search?.value?.trim()
    const searchable = options.columns.filter((column) => column.searchable)
    if (globalSearch && searchable.length) {
      filtered.where((query) => {
        for (const column of searchable)
          whereContains(query, sqlOf(column), globalSearch, 'orWhereRaw')
      })
    }
    for (const column of requested) {
      const known = byData.get(column.data)
      const value = column.search?.value?.trim()
      if (known?.searchable && value)
        filtered.where((query) => whereContains(query, sqlOf(known), value, 'whereRaw'))
    }

    const page = filtered.clone()
    let ordered = false
    for (const order of request.order ?? []) {
      const known = byData.get(requested[order.column]?.data ?? '')
      if (known?.orderable) {
        page.orderBy(sqlOf(known), order.dir ?? 'asc')
        ordered = true
      }
    }
    if (!ordered && options.defaultOrder)
      page.orderBy(options.defaultOrder.column, options.defaultOrder.direction)

    const length =
      request.length === undefined || request.length < 1
        ? MAX_PAGE_LENGTH
        : Math.min(request.length, MAX_PAGE_LENGTH)
    page.offset(request.start ?? 0).limit(length)

    const [total, matching, rows] = await Promise.all([
      DataTableService.#count(base),
      globalSearch || requested.some((column) => column.search?.value)
        ? DataTableService.#count(filtered)
        : null,
      page,
    ])
    return {
      draw: request.draw ?? 0,
      recordsTotal: total,
      recordsFiltered: matching ?? total,
      data: (rows as Row[]).map(options.serialize),
    }
  }

  static async #count(query: DataTableQuery<unknown>): Promise<number> {
    const counting: any = query.clone()
    // Model queries: count plain rows, so preloads of the page query do not run (or fail) here.
    const result = await (typeof counting.pojo === 'function' ? counting.pojo() : counting).count(
      '* as total'
    )
    const first = Array.isArray(result) ? result[0] : result
    return Number(first?.$extras?.total ?? first?.total ?? 0)
  }
}
