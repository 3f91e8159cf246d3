import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DataTableService, MAX_PAGE_LENGTH } from '#services/data_table_service'

const TABLE = 'dt_probe'

test.group('DataTableService', (group) => {
  group.setup(async () => {
    await db.connection('central').schema.dropTableIfExists(TABLE)
    await db.connection('central').schema.createTable(TABLE, (table) => {
      table.increments('id')
      table.string('name')
      table.string('secret')
    })
    const rows = Array.from({ length: 250 }, (_, index) => ({
      name: index === 7 ? 'fifty 50% off' : `row ${String(index).padStart(3, '0')}`,
      secret: `s${index}`,
    }))
    await db.connection('central').table(TABLE).multiInsert(rows)
    return () => db.connection('central').schema.dropTableIfExists(TABLE)
  })

  const respond = (input: Record<string, unknown>) =>
    DataTableService.respond(input, {
      query: () => db.connection('central').from(TABLE) as any,
      columns: [
        { data: 'id', orderable: true },
        { data: 'name', searchable: true, orderable: true },
      ],
      defaultOrder: { column: 'id', direction: 'asc' },
      serialize: (row: { id: number; name: string }) => ({ id: row.id, name: row.name }),
    })

  test('returns the standard reply and caps the page size', async ({ assert }) => {
    const reply = await respond({ draw: '4', start: '10', length: '-1' })
    assert.equal(reply.draw, 4)
    assert.equal(reply.recordsTotal, 250)
    assert.equal(reply.recordsFiltered, 250)
    assert.lengthOf(reply.data, MAX_PAGE_LENGTH)
    assert.equal(reply.data[0].id, 11)
  })

  test('sorts only whitelisted columns, by the index the client sends', async ({ assert }) => {
    const desc = await respond({
      order: [{ column: '0', dir: 'desc' }],
      columns: [{ data: 'id' }],
      length: '5',
    })
    assert.deepEqual(
      desc.data.map((row) => row.id),
      [250, 249, 248, 247, 246]
    )
    // A column the whitelist does not know (or the secret one) falls back to the default order.
    const sneaky = await respond({
      order: [{ column: '0', dir: 'desc' }],
      columns: [{ data: 'secret' }],
      length: '3',
    })
    assert.deepEqual(
      sneaky.data.map((row) => row.id),
      [1, 2, 3]
    )
    assert.notProperty(sneaky.data[0], 'secret')
  })

  test('searches whitelisted columns with LIKE wildcards escaped', async ({ assert }) => {
    const percent = await respond({ search: { value: '50%' } })
    assert.equal(percent.recordsFiltered, 1)
    assert.equal(percent.data[0].name, 'fifty 50% off')
    const underscore = await respond({ search: { value: 'row_0' } })
    assert.equal(underscore.recordsFiltered, 0)
    assert.equal(underscore.recordsTotal, 250)
  })

  test('rejects malformed input with a validation error', async ({ assert }) => {
    await assert.rejects(() => respond({ start: '-5' }))
    await assert.rejects(() => respond({ order: [{ column: '0', dir: 'sideways' }] }))
  })
})
