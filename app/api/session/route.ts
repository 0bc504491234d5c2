import { z } from 'zod'
import { CLIENT_KEY_HEADER } from '@/lib/server/admin-access'
import { retryAfterSeconds, throttledMessage } from '@/lib/server/admin-gate'
import { CLEARED_SESSION_COOKIE, sessionCookie } from '@/lib/server/admin-session'
import { getRuntime } from '@/lib/server/registry'
import { formatWait } from '@/lib/server/sign-in-throttle'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'cache-control': 'no-store' } as const
const signInSchema = z.object({ token: z.string().min(1).max(4096) })

/** The throttling key the studio server stamped from the socket (never the client's own say). */
const clientOf = (request: Request) => request.headers.get(CLIENT_KEY_HEADER) ?? 'unknown'

/** Whether sign-in is required and whether this request is signed in (the shell shows sign-out buttons). */
export function GET(request: Request) {
  const { adminAccess } = getRuntime()
  if (!adminAccess.adminToken) return Response.json({ required: false, signedIn: false }, { headers: NO_STORE })
  return Response.json({ required: true, signedIn: adminAccess.hasSession(request.headers.get('cookie'), Date.now()) }, { headers: NO_STORE })
}

/** Sign in: exchange the admin token for an HttpOnly, SameSite=Strict session cookie; wrong tries are throttled per address. */
export async function POST(request: Request) {
  const { adminAccess } = getRuntime()
  if (!adminAccess.adminToken) return Response.json({ ok: true, required: false })
  const body = signInSchema.safeParse(await request.json().catch(() => null))
  if (!body.success) {
    return Response.json({ error: 'BAD_REQUEST', message: 'Send JSON { "token": "..." }.' }, { status: 400, headers: NO_STORE })
  }
  // Checked and recorded with no await in between, so parallel wrong tries cannot slip past the count.
  const result = adminAccess.signIn(body.data.token, clientOf(request), Date.now())
  if (!result.ok && result.reason === 'throttled') {
    return Response.json(
      { error: 'ADMIN_SIGN_IN_THROTTLED', message: throttledMessage(result.retryAfterMs) },
      { status: 429, headers: { ...NO_STORE, 'retry-after': retryAfterSeconds(result.retryAfterMs) } },
    )
  }
  if (!result.ok) {
    const wait = result.waitMs > 0 ? ` Wait ${formatWait(result.waitMs)} before the next try.` : ''
    return Response.json({ error: 'ADMIN_TOKEN_INVALID', message: `That is not the studio admin token.${wait}` }, { status: 401, headers: NO_STORE })
  }
  const secure = new URL(request.url).protocol === 'https:'
  return Response.json({ ok: true }, { headers: { ...NO_STORE, 'set-cookie': sessionCookie(result.session.value, result.session.maxAge, secure) } })
}

/**
 * Sign out: clears this browser's cookie. With `?everywhere=1` it also voids
 * every session issued so far, in every browser (admins only; it survives restarts).
 */
export async function DELETE(request: Request) {
  const { adminAccess } = getRuntime()
  const everywhere = new URL(request.url).searchParams.get('everywhere') === '1'
  if (everywhere && adminAccess.adminToken) {
    // /api/session is reachable without a session, so this one checks for itself.
    const access = adminAccess.check({ cookie: request.headers.get('cookie'), authorization: request.headers.get('authorization') }, clientOf(request), Date.now())
    if (!access.ok && access.reason === 'throttled') {
      return Response.json({ error: 'ADMIN_SIGN_IN_THROTTLED', message: throttledMessage(access.retryAfterMs) }, { status: 429, headers: { ...NO_STORE, 'retry-after': retryAfterSeconds(access.retryAfterMs) } })
    }
    if (!access.ok) return Response.json({ error: 'ADMIN_SESSION_REQUIRED', message: 'Sign in with the studio admin token first.' }, { status: 401, headers: NO_STORE })
    await adminAccess.revokeAll()
  }
  return Response.json({ ok: true, everywhere }, { headers: { ...NO_STORE, 'set-cookie': CLEARED_SESSION_COOKIE } })
}
