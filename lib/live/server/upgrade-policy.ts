import type { IncomingMessage } from 'node:http'

/** Query parameter names under which clients commonly (and wrongly) put tokens. */
const TOKEN_PARAMS = ['token', 'access_token', 'accesstoken', 'jwt', 'auth', 'authorization', 'id_token', 'bearer']
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\./

export type UpgradeVerdict = { ok: true } | { ok: false; status: number; reason: string }

/**
 * Checks done before the WebSocket handshake (security.md: in the upgrade
 * handler, not verifyClient): no token in the URL, and an allowed Origin.
 */
export function checkLiveUpgrade(req: IncomingMessage, allowedOrigins: readonly string[]): UpgradeVerdict {
  const url = new URL(req.url ?? '/', 'http://studio.local')
  for (const [name, value] of url.searchParams) {
    if (TOKEN_PARAMS.includes(name.toLowerCase()) || JWT_LIKE.test(value)) {
      return {
        ok: false,
        status: 400,
        reason: 'Tokens are not accepted in the URL. Connect without it and send it in an AUTH message.',
      }
    }
  }
  const origin = req.headers.origin
  // Non-browser clients (servers, CLIs, tests) send no Origin; browsers always do.
  if (origin === undefined || allowedOrigins.includes('*')) return { ok: true }
  const host = req.headers.host
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    return { ok: false, status: 403, reason: `Origin ${JSON.stringify(origin)} is not a valid origin.` }
  }
  if (originHost === host || allowedOrigins.includes(origin)) return { ok: true }
  return {
    ok: false,
    status: 403,
    reason: `Origin ${origin} is not allowed on the live socket. Add it to STUDIO_LIVE_ORIGINS to allow it.`,
  }
}
