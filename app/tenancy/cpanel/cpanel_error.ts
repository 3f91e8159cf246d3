import { TenancyError } from '../tenancy_error.js'

/**
 * `E_CPANEL_API`: cPanel answered but refused (status 0) or answered something that is not UAPI.
 * `E_CPANEL_AUTH`: wrong user or token. `E_CPANEL_UNREACHABLE`: network, TLS or timeout.
 * `E_CPANEL_NAME`: the account's limits leave no room for a tenant name.
 */
export type CpanelErrorCode =
  'E_CPANEL_API' | 'E_CPANEL_AUTH' | 'E_CPANEL_UNREACHABLE' | 'E_CPANEL_NAME'

/** Details a cPanel failure carries besides its message. */
export interface CpanelErrorDetails {
  module?: string
  func?: string
  errors?: string[]
  httpStatus?: number
  cause?: unknown
}

/** A failed cPanel call. The message never contains the API token. */
export class CpanelError extends TenancyError {
  declare readonly code: CpanelErrorCode
  /** UAPI module of the failed call (`Mysql`, `SubDomain`), when a call failed. */
  readonly module?: string
  /** Function of the failed call (`create_database`), when a call failed. */
  readonly func?: string
  /** The sentences cPanel returned in `errors`, unchanged. */
  readonly errors: string[]
  /** HTTP status of cPanel's reply, when there was a reply. */
  readonly httpStatus?: number

  constructor(code: CpanelErrorCode, message: string, details: CpanelErrorDetails = {}) {
    super(message, code, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'CpanelError'
    this.module = details.module
    this.func = details.func
    this.errors = details.errors ?? []
    this.httpStatus = details.httpStatus
  }

  /**
   * Whether cPanel said the object already exists. Only treat that as success once a listing
   * shows the object is really there (EXTERNAL-APIS §3.4).
   */
  get alreadyExists(): boolean {
    return this.errors.some((sentence) => /already exists/i.test(sentence))
  }
}
