/**
 * Plain-language explanations of WebSocket close codes (RFC 6455 section 7.4
 * plus the 4xxx range applications use), for the connection status line.
 */

const KNOWN: Readonly<Record<number, string>> = {
  1000: 'Closed normally.',
  1001: 'The server is going away (shutting down or restarting).',
  1002: 'Protocol error: the server received a frame that breaks the WebSocket protocol.',
  1003: 'The server refused a kind of data it cannot accept.',
  1005: 'Closed without a status code.',
  1006: 'The connection dropped without a closing handshake: the server is unreachable, refused the upgrade (wrong Origin, token in the URL, wrong path) or crashed.',
  1007: 'The server received text that is not valid UTF-8.',
  1008: 'Policy violation: the server refused something this connection did (e.g. Origin not allowed, rate limit, too many components).',
  1009: 'Message too big: a frame was larger than the server accepts (the studio caps frames at 64 KiB).',
  1010: 'The client expected an extension the server did not offer.',
  1011: 'The server hit an unexpected error while handling this connection.',
  1012: 'The server is restarting.',
  1013: 'Try again later: the server is overloaded, or closed this client because it was not reading its messages.',
  1015: 'TLS handshake failed (wss:// certificate problem).',
}

/**
 * One sentence about why a socket closed; the server's own reason is appended when given.
 * @example explainClose(1009, '') // 'Message too big: ...'
 */
export function explainClose(code: number | undefined, reason = ''): string {
  const own = reason.trim() === '' ? '' : ` Server said: “${reason.trim()}”`
  if (code === undefined) return `Closed.${own}`
  const known = KNOWN[code]
  if (known !== undefined) return `${known}${own}`
  if (code >= 4000 && code <= 4999) return `Application close code ${code}: defined by the server’s own code, not by the protocol.${own}`
  if (code >= 3000 && code <= 3999) return `Close code ${code} is registered for libraries and frameworks.${own}`
  return `Closed with code ${code}.${own}`
}

/** Codes that are not a failure (shown neutral instead of red). */
export function isCleanClose(code: number | undefined): boolean {
  return code === 1000 || code === 1001
}
