import { randomBytes } from 'node:crypto'
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type TenantModel from '#models/central/tenant'

/** Demo accounts of the quick start; their passwords are new on every run and printed once. */
export const DEMO = {
  platformEmail: 'superadmin@radiusbilling.test',
  tenantSlug: 'demo',
  tenantName: 'Demo Net',
  ownerEmail: 'owner@demo.test',
  /** A NAS on this machine, so `radtest` works against the quick start at once. */
  localNasName: 'Router lokal (uji)',
  customerUsername: 'demo-user',
}

/**
 * `node ace demo:seed`: a Super Admin and a demo tenant for the quick start. Creates what is
 * missing, gives both accounts fresh random passwords and prints them with the URLs.
 */
export default class DemoSeed extends BaseCommand {
  static commandName = 'demo:seed'
  static description = 'Create (or reset the passwords of) the demo Super Admin and the demo tenant'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { default: env } = await import('#start/env')
    const { default: hash } = await import('@adonisjs/core/services/hash')
    const { default: PlatformUser } = await import('#models/central/platform_user')
    const { default: Tenant } = await import('#models/central/tenant')
    const { default: User } = await import('#models/tenant/user')
    const { default: tenancy } = await import('#tenancy/main')
    const { PlatformRole } = await import('#enums/platform_role')
    const { TenantProvisioningService } = await import('#services/tenant_provisioning_service')

    const adminPassword = randomBytes(9).toString('base64url')
    const ownerPassword = randomBytes(9).toString('base64url')

    const admin = await PlatformUser.findBy('email', DEMO.platformEmail)
    if (admin) await admin.merge({ password: adminPassword, status: 'active' }).save()
    else
      await PlatformUser.create({
        fullName: 'Super Admin',
        email: DEMO.platformEmail,
        password: adminPassword,
        role: PlatformRole.SuperAdmin,
        status: 'active',
        locale: 'id',
        colorScheme: 'system',
        sessionEpoch: 0,
      })

    let tenant = await Tenant.findBy('slug', DEMO.tenantSlug)
    if (!tenant) {
      const service = new TenantProvisioningService()
      const run = await service.reserve({
        businessName: DEMO.tenantName,
        subdomain: DEMO.tenantSlug,
        email: DEMO.ownerEmail,
      })
      const done = await service.provision(run.id, {
        passwordHash: await hash.make(ownerPassword),
        name: DEMO.tenantName,
      })
      if (done.status !== 'done') {
        this.logger.error(`Could not create the demo tenant: ${done.error}`)
        this.exitCode = 1
        return
      }
      const created = await Tenant.findByOrFail('slug', DEMO.tenantSlug)
      await tenancy.run(created, () => this.#seedCatalogue(created))
      tenant = created
    } else {
      await tenancy.run(tenant, async () => {
        const owner = await User.findByOrFail('email', DEMO.ownerEmail)
        await owner.merge({ password: ownerPassword, status: 'active' }).save()
      })
    }

    const url = new URL(env.get('APP_URL'))
    const port = url.port ? `:${url.port}` : ''
    const sticker = this.ui
      .sticker()
      .add(`Platform console: ${url.protocol}//${env.get('APP_DOMAIN')}${port}/login`)
      .add(`  ${DEMO.platformEmail} / ${adminPassword}`)
      .add(
        `Demo tenant:      ${url.protocol}//${DEMO.tenantSlug}.${env.get('APP_DOMAIN')}${port}/login`
      )
      .add(`  ${DEMO.ownerEmail} / ${ownerPassword}`)
    const { default: Nas } = await import('#models/central/nas')
    const local = await Nas.query()
      .where('tenant_id', tenant.id)
      .where('name', DEMO.localNasName)
      .first()
    // The customer's password is random like the others, read back from its RADIUS row.
    const customerPassword = await tenancy.run(tenant, async () => {
      const { default: Customer } = await import('#models/tenant/customer')
      const { CustomerService } = await import('#services/customer_service')
      const customer = await Customer.findBy('username', DEMO.customerUsername)
      return customer ? new CustomerService().passwordOf(customer) : null
    })
    if (local && customerPassword) {
      sticker.add(
        `RADIUS test:      radtest ${DEMO.customerUsername} ${customerPassword} 127.0.0.1 0 ${local.secret}`
      )
    }
    sticker.render()
  }

  /** Two packages, a NAS on 127.0.0.1 and a customer, so the demo tenant can be tried at once. */
  async #seedCatalogue(tenant: TenantModel) {
    const { PackageKind } = await import('#enums/package_kind')
    const { PackageService, packageInputOf } = await import('#services/package_service')
    const { CustomerService, generatePassword } = await import('#services/customer_service')
    const { NasRegistryService, generateSecret } = await import('#services/nas_registry_service')
    const packages = new PackageService()
    const daily = await packages.create(
      packageInputOf(
        {
          name: 'Harian 5 Mbps',
          kind: PackageKind.Hotspot,
          price: 5000,
          rateUpKbps: 1000,
          rateDownKbps: 5000,
          validityUnit: 'days',
          validityValue: 1,
        },
        { validityStart: 'first_login', purchasableOnline: true }
      )
    )
    await packages.create(
      packageInputOf(
        {
          name: 'Rumahan 10 Mbps',
          kind: PackageKind.Pppoe,
          price: 150_000,
          rateUpKbps: 3000,
          rateDownKbps: 10_000,
          validityUnit: 'months',
          validityValue: 1,
        },
        { purchasableOnline: true }
      )
    )
    await NasRegistryService.create(tenant, {
      name: DEMO.localNasName,
      ipAddress: '127.0.0.1',
      secret: generateSecret(),
    })
    await new CustomerService().create({
      username: DEMO.customerUsername,
      password: generatePassword(),
      packageId: daily.id,
      fullName: 'Pelanggan Demo',
      service: 'hotspot',
      phone: null,
      email: null,
      address: null,
      latitude: null,
      longitude: null,
      notes: null,
      macAddress: null,
      staticIp: null,
    })
  }
}
