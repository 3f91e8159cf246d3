/*
 * A whole batch as one PDF (pdfkit), streamed: vouchers are read 1,000 at a time and drawn,
 * and reading waits while the reader (the browser download) has not taken what was drawn, so
 * a 100,000-voucher batch holds a few pages in memory, never the whole document.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Writable } from 'node:stream'
import PDFDocument from 'pdfkit'
import { tenantDb } from '#radius/sql/tenant_db'
import type VoucherBatch from '#models/tenant/voucher_batch'
import {
  DESIGNS,
  VoucherTemplateService,
  type PrintTemplate,
  type VoucherCard,
} from '#services/voucher_template_service'

/** The texts printed on a card, in the page language. */
export interface CardTexts {
  code: string
  username: string
  password: string
  /** "3 hours" for { value: 3, unit: 'hours' }. */
  validity(value: number, unit: string): string
}

const MM = 72 / 25.4
const A4 = { width: 595.28, height: 841.89, margin: 8 * MM, gap: 2 * MM }
const THERMAL_WIDTH = 58 * MM
// Bytes drawn but not yet taken by the reader before drawing pauses.
const HIGH_WATER = 1 << 20
const READ_CHUNK = 1000

/** Draws batches of vouchers as PDF. */
export class VoucherPdfService {
  readonly #templates = new VoucherTemplateService()

  /**
   * Writes the batch's PDF into `output` and ends it. Stops early (without error) when the
   * reader goes away.
   */
  async write(batch: VoucherBatch, template: PrintTemplate, output: Writable, texts: CardTexts) {
    const layout = DESIGNS[template.design]
    const thermal = layout.paper === 'thermal58'
    const doc = new PDFDocument({
      autoFirstPage: false,
      size: thermal ? [THERMAL_WIDTH, this.#thermalHeight(template)] : 'A4',
      margin: 0,
      info: { Title: `Vouchers ${batch.packageName} #${batch.id}` },
    })
    doc.pipe(output)
    const logo = await this.#templates.logo(template)
    const columns = layout.columns
    const rows = Math.max(1, Math.ceil(template.perPage / columns))
    const cell = {
      width: thermal
        ? THERMAL_WIDTH
        : (A4.width - 2 * A4.margin - (columns - 1) * A4.gap) / columns,
      height: thermal
        ? this.#thermalHeight(template)
        : (A4.height - 2 * A4.margin - (rows - 1) * A4.gap) / rows,
    }
    let index = 0
    let lastId = 0
    for (;;) {
      // Plain rows: a model per voucher would cost more than drawing it.
      const vouchers: { id: number; code: string; password: string }[] = await tenantDb()
        .client.from('vouchers')
        .where('batch_id', batch.id)
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(READ_CHUNK)
        .select('id', 'code', 'password')
      if (vouchers.length === 0) break
      lastId = vouchers[vouchers.length - 1].id
      for (const card of await this.#templates.cards(batch, template, vouchers)) {
        const slot = thermal ? 0 : index % (rows * columns)
        if (slot === 0) doc.addPage()
        const x = thermal ? 0 : A4.margin + (slot % columns) * (cell.width + A4.gap)
        const y = thermal ? 0 : A4.margin + Math.floor(slot / columns) * (cell.height + A4.gap)
        this.#card(doc, card, template, { x, y, ...cell }, texts, logo?.data ?? null)
        index++
      }
      // Backpressure: pdfkit pushes whatever is drawn; wait for the reader to take it.
      while (doc.readableLength > HIGH_WATER && !output.destroyed) await sleep(5)
      if (output.destroyed) break
    }
    if (index === 0) doc.addPage()
    doc.end()
  }

  #thermalHeight(template: PrintTemplate): number {
    return (template.showQr && template.hotspotDns ? 88 : 50) * MM
  }

  /** One card in the box `at`: a header band, the code, the details, the QR code. */
  #card(
    doc: PDFKit.PDFDocument,
    card: VoucherCard,
    template: PrintTemplate,
    at: { x: number; y: number; width: number; height: number },
    texts: CardTexts,
    logo: Buffer | null
  ) {
    const thermal = DESIGNS[template.design].paper === 'thermal58'
    const pad = Math.min(6, at.width * 0.05)
    const scale = Math.min(1, at.height / 110)
    const band = Math.max(12, 18 * scale)
    doc.save()
    doc.lineWidth(0.75).strokeColor(template.colorPrimary)
    if (!thermal) doc.roundedRect(at.x, at.y, at.width, at.height, 4).stroke()
    doc.rect(at.x, at.y, at.width, band).fill(template.colorPrimary)
    let textX = at.x + pad
    if (logo) {
      doc.image(logo, textX, at.y + 2, { fit: [band * 2, band - 4] })
      textX += band * 2 + 3
    }
    doc
      .fillColor('#ffffff')
      .font('Helvetica-Bold')
      .fontSize(Math.max(6, 8 * scale))
    doc.text(template.title ?? '', textX, at.y + (band - 8 * scale) / 2, {
      width: at.x + at.width - pad - textX,
      height: band,
      ellipsis: true,
      lineBreak: false,
    })

    // The QR code sits on the right (below everything on thermal paper).
    const qrSide = card.qr
      ? thermal
        ? at.width * 0.55
        : Math.min(at.height - band - 2 * pad, at.width * 0.42)
      : 0
    const textWidth = at.width - 2 * pad - (card.qr && !thermal ? qrSide + pad : 0)
    let y = at.y + band + pad * 0.8
    const line = (text: string, size: number, font = 'Helvetica', color = '#111827') => {
      doc.font(font).fontSize(size).fillColor(color)
      doc.text(text, at.x + pad, y, { width: textWidth, lineBreak: false, ellipsis: true })
      y += size * 1.25
    }
    const big = Math.max(8, 13 * scale)
    const small = Math.max(5.5, 7 * scale)
    if (card.separatePassword && template.showPassword) {
      line(`${texts.username}: ${card.code}`, big * 0.8, 'Courier-Bold')
      line(`${texts.password}: ${card.password}`, big * 0.8, 'Courier-Bold')
    } else {
      line(texts.code, small, 'Helvetica', '#6b7280')
      line(card.code, big, 'Courier-Bold')
    }
    const details = [
      template.showValidity && card.validity
        ? texts.validity(card.validity.value, card.validity.unit)
        : null,
      template.showSpeed && card.speed ? card.speed : null,
    ].filter(Boolean)
    if (details.length) line(details.join(' · '), small)
    if (template.showPrice) line(card.price, big * 0.85, 'Helvetica-Bold', template.colorAccent)
    if (template.footer) line(template.footer, small * 0.9, 'Helvetica', '#6b7280')

    if (card.qr) {
      const qrX = thermal ? at.x + (at.width - qrSide) / 2 : at.x + at.width - pad - qrSide
      const qrY = thermal ? y + pad : at.y + band + pad
      doc
        .save()
        .translate(qrX, qrY)
        .scale(qrSide / card.qr.size)
        .fillColor('#000000')
      // Raw rectangle operators: pdfkit's SVG path parser is several times slower.
      doc.addContent(
        card.qr.runs.map(([column, row, width]) => `${column} ${row} ${width} 1 re`).join('\n')
      )
      doc.addContent('f')
      doc.restore()
    }
    doc.restore()
  }
}
