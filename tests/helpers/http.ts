import type { ApiClient } from '@japa/api-client'
import type { ApiResponse } from '@japa/api-client'
import { TEST_PASSWORD } from './tenants.js'

/** Name of the session cookie (config/session.ts). */
export const SESSION_COOKIE = 'rb-session'

/** The session cookie a response set, to replay it like a browser (or an attacker) would. */
export function sessionCookieOf(response: ApiResponse): string {
  const cookie = response.cookie(SESSION_COOKIE)
  if (!cookie) throw new Error('the response set no session cookie')
  return cookie.value
}

/** Log in through the real form on a host; returns the response (its cookie is the session). */
export async function loginOver(client: ApiClient, host: string, email: string, password = TEST_PASSWORD) {
  return client.post('/login').header('host', host).form({ email, password }).withCsrfToken().redirects(0)
}

/** The CSRF token of a rendered page (the hidden `_csrf` field), for posting with a session. */
export function csrfTokenIn(html: string): string {
  const match = html.match(/name="_csrf"\s+value="([^"]+)"/)
  if (!match) throw new Error('no _csrf field on the page')
  return match[1]
}
