/*
 * The rows of an .xlsx's first sheet, streamed, with the zip read through its central
 * directory.
 *
 * exceljs's streaming WorkbookReader reads the zip in one pass with unzipper's Parse, whose
 * stream of entries ends as soon as its input is consumed, dropping the entries it still holds
 * (exceljs#3064). On a small file whose sheet comes before its shared strings and workbook (as
 * exceljs itself writes them) those are sometimes lost and the read fails: a good file was
 * refused as "not an .xlsx". Here JSZip reads the directory, the parts the sheet needs are
 * parsed first, and the sheet is inflated and parsed as a stream by exceljs's own readers.
 */
import { readFile } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'

/** The parts of exceljs 4.4's WorkbookReader that parse one zip entry each. */
interface EntryParsers {
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>
  _parseWorksheet(
    chunks: AsyncIterable<Buffer>,
    sheetNo: string
  ): Iterable<{ eventType: string; value: ExcelJS.stream.xlsx.WorksheetReader }>
  workbookRels?: { Id: string; Target: string }[]
  model?: { sheets?: { rId: string }[] }
}

const READER_OPTIONS: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions> = {
  worksheets: 'emit',
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'ignore',
}

/** Each row's cell values (index 0 is column A) of the first sheet in tab order. */
export async function* firstSheetRows(path: string): AsyncGenerator<unknown[]> {
  const zip = await JSZip.loadAsync(await readFile(path))
  const entry = (name: string) => zip.file(name)?.nodeStream('nodebuffer') as Readable | undefined
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    path,
    READER_OPTIONS
  ) as unknown as EntryParsers

  const rels = entry('xl/_rels/workbook.xml.rels')
  const workbook = entry('xl/workbook.xml')
  if (!rels || !workbook) throw new Error('not a workbook: xl/workbook.xml is missing')
  await reader._parseRels(rels)
  await reader._parseWorkbook(workbook)
  const sharedStrings = entry('xl/sharedStrings.xml')
  // With sharedStrings: 'cache' it yields nothing: the strings are kept for the sheet.
  if (sharedStrings) await Array.fromAsync(reader._parseSharedStrings(sharedStrings))

  const first = reader.model?.sheets?.[0]
  const target = reader.workbookRels?.find((rel) => rel.Id === first?.rId)?.Target
  if (!target) return
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`
  const sheet = entry(sheetPath)
  if (!sheet) throw new Error(`not a workbook: ${sheetPath} is missing`)
  const sheetNo = /sheet(\d+)\.xml$/.exec(sheetPath)?.[1] ?? '1'
  for (const { value: worksheet } of reader._parseWorksheet(sheet, sheetNo)) {
    for await (const row of worksheet) yield (row.values as unknown[]).slice(1)
  }
}
