/*
 * Recurring jobs. Registered (idempotently, by id) when the web process boots; the worker
 * (`node ace queue:work`) runs them when they are due.
 */
import VerifyCustomDomainsJob from '#jobs/verify_custom_domains_job'
import CloseStuckSessionsJob from '#jobs/close_stuck_sessions_job'
import ExpireSessionsJob from '#jobs/expire_sessions_job'
import ExpireCustomersJob from '#jobs/expire_customers_job'
import RefreshNasStatusJob from '#jobs/refresh_nas_status_job'

await VerifyCustomDomainsJob.schedule({}).id('verify-custom-domains').every('10m').run()
// RADIUS: sessions silent for 3 interim intervals are closed; sessions past validity are cut.
await CloseStuckSessionsJob.schedule({}).id('close-stuck-radius-sessions').every('5m').run()
await ExpireSessionsJob.schedule({}).id('expire-radius-sessions').every('1m').run()
// Customers past their expiry become expired (RADIUS refuses them, API-mode routers disable them).
await ExpireCustomersJob.schedule({}).id('expire-customers').every('1m').run()
// NAS status (online/offline, router health) for the NAS list and pages.
await RefreshNasStatusJob.schedule({}).id('refresh-nas-status').every('1m').run()
