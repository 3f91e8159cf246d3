/** Typed failures of the tenancy layer, each with a message an operator can act on. */
export class TenancyError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: ErrorOptions
  ) {
    super(message, options)
    this.name = 'TenancyError'
  }

  /** Tenant-scoped code ran without a tenant bound to the request, job or command. */
  static noContext() {
    return new TenancyError(
      'No tenant is bound to this request, job or command; wrap the work in tenancy.run(tenant, …)',
      'E_NO_TENANT_CONTEXT'
    )
  }

  /** A tenant was looked up by slug or host and does not exist. */
  static notFound(what: string) {
    return new TenancyError(`Tenant "${what}" does not exist`, 'E_TENANT_NOT_FOUND')
  }

  /** The configured driver is missing a setting it needs. */
  static misconfigured(driver: string, detail: string) {
    return new TenancyError(
      `Tenancy driver "${driver}" is not configured: ${detail}`,
      'E_TENANCY_CONFIG'
    )
  }
}
