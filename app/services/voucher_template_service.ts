/*
 * Voucher print templates: the built-in designs (the gallery), the tenant's own templates
 * (a design with its logo, theme colours and fields), and the cards a print view or PDF draws —
 * one per voucher, with the QR code that opens the hotspot's login page already filled in.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { extname, join } from 'node:path'
import app from '@adonisjs/core/services/app'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import QRCode from 'qrcode'
import Package from '#models/tenant/package'
import type VoucherBatch from '#models/tenant/voucher_batch'
import VoucherTemplate, { type VoucherDesign } from '#models/tenant/voucher_template'
import { tenantContext } from '#tenancy/tenant_context'
import { formatMoney } from '#helpers/format'
import themeService, { formToOverrides, mergeTheme } from '#services/theme_service'
import { tenantThemeForm } from '#services/tenant_theme'
import { formatRate } from '#services/package_radius_mapper'

/** How a design is laid out: on A4 in a grid of `columns`, or one after another on a 58 mm roll. */
export interface DesignLayout {
  paper: 'a4' | 'thermal58'
  columns: number
  perPage: number
  showQr: boolean
}

/** The built-in designs, in gallery order. */
export const DESIGNS: Record<VoucherDesign, DesignLayout> = {
  small_card: { paper: 'a4', columns: 4, perPage: 40, showQr: false },
  qr_card: { paper: 'a4', columns: 3, perPage: 18, showQr: true },
  thermal_58: { paper: 'thermal58', columns: 1, perPage: 1, showQr: true },
  a4_grid: { paper: 'a4', columns: 5, perPage: 65, showQr: false },
}

/** The design names, for validators and forms. */
export const DESIGN_NAMES = Object.keys(DESIGNS) as VoucherDesign[]

/** What a template sets, saved or not (a built-in design's defaults are not saved). */
export type PrintTemplate = Pick<
  VoucherTemplate,
  | 'name'
  | 'design'
  | 'logoPath'
  | 'colorPrimary'
  | 'colorAccent'
  | 'title'
  | 'footer'
  | 'hotspotDns'
  | 'showPrice'
  | 'showValidity'
  | 'showSpeed'
  | 'showPassword'
  | 'showQr'
  | 'perPage'
> & { id: number | null }

const TEMPLATE_FIELDS = [
  ...(['id', 'name', 'design', 'logoPath', 'colorPrimary', 'colorAccent', 'title'] as const),
  ...(['footer', 'hotspotDns', 'showPrice', 'showValidity', 'showSpeed', 'showPassword'] as const),
  ...(['showQr', 'perPage'] as const),
]

/** A template as a plain object (a saved one is a model: its values live in getters). */
export function toPrintTemplate(template: PrintTemplate): PrintTemplate {
  return Object.fromEntries(
    TEMPLATE_FIELDS.map((field) => [field, template[field]])
  ) as PrintTemplate
}

/** What an operator enters in the template editor. */
export type TemplateInput = Omit<PrintTemplate, 'id' | 'logoPath'>

/** One voucher as printed. */
export interface VoucherCard {
  code: string
  password: string
  /** The password is printed apart (separate-password batches). */
  separatePassword: boolean
  price: string
  validity: { value: number; unit: string } | null
  speed: string | null
  /** The hotspot login URL with the credentials. */
  loginUrl: string | null
  /** Its QR code, when the template shows one. */
  qr: QrCode | null
}

const LOGO_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
}

/** The tenant's theme colours a template may pick from (brand scales, darkest readable shades). */
export async function themeSwatches(): Promise<string[]> {
  const theme = mergeTheme(themeService.theme, formToOverrides(await tenantThemeForm()))
  return (['primary', 'secondary', 'accent'] as const).flatMap((name) =>
    (['500', '600', '700', '800'] as const).map((shade) => theme[name][shade])
  )
}

/** Manages the bound tenant's voucher templates and builds printable cards. */
export class VoucherTemplateService {
  /** A built-in design with the tenant's theme colours (not saved). */
  async builtIn(design: VoucherDesign): Promise<PrintTemplate> {
    const swatches = await themeSwatches()
    const layout = DESIGNS[design]
    return {
      id: null,
      name: design,
      design,
      logoPath: null,
      colorPrimary: swatches[1],
      colorAccent: swatches[9],
      title: tenantContext.require().tenant.name.slice(0, 64),
      footer: null,
      hotspotDns: null,
      showPrice: true,
      showValidity: true,
      showSpeed: design !== 'a4_grid',
      showPassword: true,
      showQr: layout.showQr,
      perPage: layout.perPage,
    }
  }

  /** A saved template by id, else the built-in design (`small_card` when neither is given). */
  async resolve(templateId?: number | null, design?: VoucherDesign | null): Promise<PrintTemplate> {
    if (templateId) {
      const saved = await VoucherTemplate.find(templateId)
      if (saved) return saved
    }
    return this.builtIn(design && DESIGNS[design] ? design : 'small_card')
  }

  /** Saves a new template, with its logo when one was uploaded. */
  async create(input: TemplateInput, logo?: MultipartFile | null): Promise<VoucherTemplate> {
    const template = await VoucherTemplate.create({ ...input, logoPath: null })
    if (logo) await this.#storeLogo(template, logo)
    return template
  }

  /** Changes a template; a new logo replaces the old one, `removeLogo` drops it. */
  async update(
    template: VoucherTemplate,
    input: TemplateInput,
    logo?: MultipartFile | null,
    removeLogo = false
  ): Promise<VoucherTemplate> {
    template.merge(input)
    if (logo || removeLogo) await this.#dropLogo(template)
    await template.save()
    if (logo) await this.#storeLogo(template, logo)
    return template
  }

  /** Deletes a template and its logo; batches that named it print with the default design. */
  async delete(template: VoucherTemplate): Promise<void> {
    await this.#dropLogo(template)
    await template.delete()
  }

  /** The logo's bytes and type, or null. */
  async logo(
    template: Pick<PrintTemplate, 'logoPath'>
  ): Promise<{ data: Buffer; type: string } | null> {
    if (!template.logoPath) return null
    const data = await readFile(join(this.#folder(), template.logoPath)).catch(() => null)
    return data ? { data, type: LOGO_TYPES[extname(template.logoPath)] ?? 'image/png' } : null
  }

  /** The printable cards of `vouchers` of `batch`. */
  async cards(
    batch: VoucherBatch,
    template: PrintTemplate,
    vouchers: { code: string; password: string }[]
  ): Promise<VoucherCard[]> {
    const pkg = batch.packageId ? await Package.find(batch.packageId) : null
    const validity =
      pkg && pkg.validityValue !== null && pkg.validityUnit !== 'period'
        ? { value: pkg.validityValue, unit: pkg.validityUnit }
        : null
    const speed = pkg ? `${formatRate(pkg.rateDownKbps)}/${formatRate(pkg.rateUpKbps)}` : null
    return vouchers.map((voucher) => {
      const loginUrl = template.hotspotDns ? loginUrlOf(template.hotspotDns, voucher) : null
      return {
        code: voucher.code,
        password: voucher.password,
        separatePassword: voucher.password !== voucher.code,
        price: formatMoney(batch.price),
        validity,
        speed,
        loginUrl,
        qr: loginUrl && template.showQr ? qrOf(loginUrl) : null,
      }
    })
  }

  /** storage/uploads/<tenant uid>/voucher-logos: each tenant's files apart. */
  #folder(): string {
    return app.makePath('storage/uploads', tenantContext.require().tenant.uid, 'voucher-logos')
  }

  async #storeLogo(template: VoucherTemplate, logo: MultipartFile) {
    const extension = `.${(logo.extname ?? 'png').toLowerCase()}`
    const name = `${template.id}-${randomBytes(6).toString('hex')}${extension}`
    await mkdir(this.#folder(), { recursive: true })
    await logo.move(this.#folder(), { name, overwrite: true })
    template.logoPath = name
    await template.save()
  }

  async #dropLogo(template: VoucherTemplate) {
    if (template.logoPath) await rm(join(this.#folder(), template.logoPath), { force: true })
    template.logoPath = null
  }
}

/** A QR code: `size` modules square, its dark modules as runs [x, y, width] per row. */
export interface QrCode {
  size: number
  runs: [number, number, number][]
  /** The runs as SVG path data (the print view draws it). */
  path: string
}

/**
 * A QR code of `text`, in byte mode with mask 0: every mask scans, and skipping the library's
 * search for the "best" segments and mask makes it several times faster (a 100,000-voucher
 * PDF draws 100,000 of them).
 */
export function qrOf(text: string): QrCode {
  const { size, data } = QRCode.create([{ data: Buffer.from(text), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
    maskPattern: 0,
  }).modules
  const runs: [number, number, number][] = []
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (!data[row * size + column]) continue
      let end = column
      while (end + 1 < size && data[row * size + end + 1]) end++
      runs.push([column, row, end - column + 1])
      column = end
    }
  }
  return {
    size,
    runs,
    // Built only for the print view: the PDF draws the runs.
    get path() {
      return runs.map(([x, y, width]) => `M${x} ${y}h${width}v1h-${width}z`).join('')
    },
  }
}

/** `http://<dns>/login?username=…&password=…`: MikroTik's hotspot login, filled in. */
export function loginUrlOf(dns: string, voucher: { code: string; password: string }): string {
  const query = new URLSearchParams({ username: voucher.code, password: voucher.password })
  return `http://${dns}/login?${query}`
}
