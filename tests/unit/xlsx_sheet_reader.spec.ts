import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { firstSheetRows } from '#services/xlsx_sheet_reader'

const DIR = app.makePath('tmp', 'xlsx-reader-tests')

/** An .xlsx as exceljs writes it: the sheets first, shared strings and xl/workbook.xml last. */
async function workbookFile(name: string, sheets: Record<string, unknown[][]>) {
  await mkdir(DIR, { recursive: true })
  const workbook = new ExcelJS.Workbook()
  for (const [sheetName, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(sheetName)
    for (const row of rows) sheet.addRow(row)
  }
  const path = `${DIR}/${name}.xlsx`
  await workbook.xlsx.writeFile(path)
  return path
}

/** Rewrites the zip at `path` with `change` applied to its entries. */
async function rewrite(
  path: string,
  change: (entries: [string, Buffer][]) => Promise<[string, Buffer][]> | [string, Buffer][]
) {
  const zip = await JSZip.loadAsync(await readFile(path))
  const entries: [string, Buffer][] = []
  for (const file of Object.values(zip.files)) {
    if (!file.dir) entries.push([file.name, await file.async('nodebuffer')])
  }
  const out = new JSZip()
  for (const [name, data] of await change(entries)) out.file(name, data)
  await writeFile(path, await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))
}

async function readAll(path: string) {
  const rows: unknown[][] = []
  for await (const row of firstSheetRows(path)) rows.push(row)
  return rows
}

const CUSTOMERS = [
  ['username', 'full_name', 'phone'],
  ['warga.1', 'Warga Satu', '0812 3456 7890'],
  ['warga.2', 'Warga Dua'],
  ['warga.3', 42, 81234567890],
]

test.group('firstSheetRows', () => {
  test('reads the first sheet only: shared strings, numbers, short rows', async ({ assert }) => {
    const path = await workbookFile('two-sheets', {
      customers: CUSTOMERS,
      other: [['not', 'these']],
    })
    assert.deepEqual(await readAll(path), CUSTOMERS)
  })

  test('a small file as exceljs writes it reads whole every time (exceljs#3064)', async ({
    assert,
  }) => {
    // exceljs's one-pass reader lost xl/workbook.xml about once in a few thousand reads of
    // such a file under load, and threw: the import then refused a good file.
    const path = await workbookFile('small', { customers: CUSTOMERS })
    const seen = new Map<string, number>()
    for (let read = 0; read < 1500; read++) {
      const text = await readAll(path).then(JSON.stringify, (error: Error) => error.message)
      seen.set(text, (seen.get(text) ?? 0) + 1)
    }
    assert.deepEqual([...seen], [[JSON.stringify(CUSTOMERS), 1500]])
  })

  test('the order of the zip entries does not matter; the first tab does', async ({ assert }) => {
    const path = await workbookFile('reordered', {
      customers: CUSTOMERS,
      other: [['second', 'tab']],
    })
    await rewrite(path, (entries) => entries.reverse())
    assert.deepEqual(await readAll(path), CUSTOMERS)

    // Tabs swapped in xl/workbook.xml: the sheet shown first is sheet2.xml.
    await rewrite(path, (entries) =>
      entries.map(([name, data]) => {
        if (name !== 'xl/workbook.xml') return [name, data]
        const xml = data.toString('utf8')
        const sheets = [...xml.matchAll(/<sheet [^>]*\/>/g)].map((match) => match[0])
        return [name, Buffer.from(xml.replace(sheets.join(''), [...sheets].reverse().join('')))]
      })
    )
    assert.deepEqual(await readAll(path), [['second', 'tab']])
  })

  test('a zip without a workbook, or no zip at all, is refused with an error', async ({
    assert,
  }) => {
    const path = await workbookFile('broken', { customers: CUSTOMERS })
    await rewrite(path, (entries) => entries.filter(([name]) => name !== 'xl/workbook.xml'))
    await assert.rejects(() => readAll(path), /xl\/workbook\.xml is missing/)

    await writeFile(`${DIR}/text.xlsx`, 'username,full_name\nbudi,Budi\n')
    await assert.rejects(() => readAll(`${DIR}/text.xlsx`))
  })
})
