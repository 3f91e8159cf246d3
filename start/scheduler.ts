/*
 * Recurring jobs. Registered (idempotently, by id) when the web process boots; the worker
 * (`node ace queue:work`) runs them when they are due.
 */
import VerifyCustomDomainsJob from '#jobs/verify_custom_domains_job'

await VerifyCustomDomainsJob.schedule({}).id('verify-custom-domains').every('10m').run()
