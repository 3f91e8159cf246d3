/** Whether a parsed JSON value is a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The strings of a JSON array (cPanel's `errors`, `users`…); anything else gives `[]`. */
export function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

/** The parsed body, or undefined when it is not JSON (cPanel's HTML pages). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The socket or TLS code of a failed request; fetch wraps it in `cause`. */
export function transportErrorCode(error: unknown): string {
  const cause = isRecord(error) && isRecord(error.cause) ? error.cause : error
  if (isRecord(cause) && typeof cause.code === 'string') return cause.code
  return error instanceof Error ? error.message : String(error)
}

/**
 * The start of a reply as plain text for an error message. The secret is masked before the
 * text is cut, so no part of it survives even if a proxy echoed it.
 */
export function redactedExcerpt(text: string, secret: string): string {
  const masked = secret ? text.replaceAll(secret, '[token]') : text
  return masked
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
}
