import {
  refuse,
  required,
  type FakeCpanelContext,
  type FakeCpanelFunction,
} from './fake_cpanel_types.js'

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i

/** UAPI `SubDomain/addsubdomain` (the module's only function) and `DomainInfo/list_domains`. */
export function domainFunctions({
  account,
  state,
}: FakeCpanelContext): Record<string, FakeCpanelFunction> {
  return {
    'SubDomain/addsubdomain': (params) => {
      const label = required(params, 'domain').toLowerCase()
      const rootDomain = required(params, 'rootdomain').toLowerCase()
      if (!account.rootDomains.includes(rootDomain)) {
        refuse(`The domain "${rootDomain}" does not exist on this account.`)
      }
      if (!LABEL.test(label)) refuse(`"${label}" is not a valid subdomain name.`)
      const host = `${label}.${rootDomain}`
      if (state.subdomains.has(host)) refuse(`The subdomain "${host}" already exists.`)
      state.subdomains.set(host, { label, rootDomain, dir: params.dir || `public_html/${label}` })
      return null
    },

    'DomainInfo/list_domains': () => ({
      main_domain: account.rootDomains[0] ?? null,
      addon_domains: account.rootDomains.slice(1),
      parked_domains: [],
      sub_domains: [...state.subdomains.keys()].sort(),
    }),
  }
}

/**
 * cPanel API 2 functions, served at `/json-api/cpanel`. Deleting a subdomain has no UAPI
 * equivalent (cPanel's docs for `SubDomain::delsubdomain`), so clients must come through here.
 */
export function domainApi2Functions({
  state,
}: FakeCpanelContext): Record<string, FakeCpanelFunction> {
  return {
    'SubDomain/delsubdomain': (params) => {
      const host = required(params, 'domain').toLowerCase()
      if (!state.subdomains.delete(host)) refuse(`The subdomain "${host}" does not exist.`)
      return [{ result: 1, reason: `The subdomain "${host}" was removed.` }]
    },
  }
}
