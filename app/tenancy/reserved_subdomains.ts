/** Labels a tenant may never take: they are (or may become) the platform's own hosts. */
export const RESERVED_SUBDOMAINS = [
  'www', 'admin', 'api', 'app', 'apps', 'mail', 'email', 'smtp', 'imap', 'pop', 'ftp', 'sftp',
  'cpanel', 'whm', 'webmail', 'webdisk', 'autodiscover', 'autoconfig', 'ns', 'ns1', 'ns2', 'ns3',
  'radius', 'radius1', 'radius2', 'vpn', 'wg', 'static', 'assets', 'cdn', 'media', 'img',
  'status', 'support', 'help', 'docs', 'blog', 'billing', 'pay', 'payment', 'payments',
  'webhook', 'webhooks', 'dashboard', 'login', 'signup', 'register', 'platform', 'internal',
  'root', 'system', 'test', 'dev', 'staging', 'demo-admin', 'portal', 'store', 'shop', 'my',
  'account', 'accounts', 'localhost',
] as const
