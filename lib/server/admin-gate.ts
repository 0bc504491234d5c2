import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AdminAccess } from './admin-access'
import { answerJson } from './request-listener'
import { formatWait } from './sign-in-throttle'

/** Paths reachable without an admin session: the sign-in flow, its assets, public keys. */
const PUBLIC = [/^\/signin\/?$/, /^\/api\/session\/?$/, /^\/_next\/static\//, /^\/favicon\.(ico|svg)$/, /^\/\.well-known\/jwks\.json$/, /^\/api\/workspaces\/[^/]+\/jwks\.json$/]

export function isPublicPath(pathname: string): boolean {
  return PUBLIC.some((re) => re.test(pathname))
}

/** The message of a 429 for an address that sent too many wrong admin tokens. */
export function throttledMessage(retryAfterMs: number): string {
  return `Too many wrong admin tokens from this address. Try again in ${formatWait(retryAfterMs)}.`
}

/** `Retry-After` in whole seconds (at least 1). */
export const retryAfterSeconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)))

/**
 * Answers a request that lacks admin access: APIs get 401 JSON (429 while the
 * address is throttled for wrong Bearer tokens), pages a redirect to the
 * sign-in page. Returns false when the request may proceed. `target` is the
 * checked request target (see request-target.ts); `client` the throttling key.
 */
export function refuseWithoutAdmin(req: IncomingMessage, res: ServerResponse, access: AdminAccess, target: { pathname: string; search: string }, client: string): boolean {
  if (!access.adminToken || isPublicPath(target.pathname)) return false
  const check = access.check({ cookie: req.headers.cookie, authorization: req.headers.authorization }, client, Date.now())
  if (check.ok) return false
  if (check.reason === 'throttled') {
    answerJson(res, 429, 'ADMIN_SIGN_IN_THROTTLED', throttledMessage(check.retryAfterMs), { 'retry-after': retryAfterSeconds(check.retryAfterMs) })
  } else if (target.pathname.startsWith('/api/')) {
    answerJson(res, 401, 'ADMIN_SESSION_REQUIRED', 'Sign in with the studio admin token first.')
  } else {
    const next = encodeURIComponent(target.pathname + target.search)
    res.writeHead(303, { location: `/signin?next=${next}`, 'cache-control': 'no-store' })
    res.end()
  }
  return true
}
