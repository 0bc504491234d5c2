import { z } from 'zod'
import { ADMIN_COOKIE, isAdminToken, issueAdminSession, sessionCookie } from '@/lib/server/admin-session'
import { getRuntime } from '@/lib/server/registry'

export const dynamic = 'force-dynamic'

const signInSchema = z.object({ token: z.string().min(1).max(4096) })

/** Sign in: exchange the admin token for an HttpOnly, SameSite=Strict session cookie. */
export async function POST(request: Request) {
  const { config } = getRuntime()
  if (!config.adminToken) return Response.json({ ok: true, required: false })
  const body = signInSchema.safeParse(await request.json().catch(() => null))
  if (!body.success) {
    return Response.json({ error: 'BAD_REQUEST', message: 'Send JSON { "token": "..." }.' }, { status: 400 })
  }
  if (!isAdminToken(body.data.token, config.adminToken)) {
    return Response.json({ error: 'ADMIN_TOKEN_INVALID', message: 'That is not the studio admin token.' }, { status: 401 })
  }
  const session = issueAdminSession(config.adminToken, Math.floor(Date.now() / 1000))
  const secure = new URL(request.url).protocol === 'https:'
  return Response.json({ ok: true }, { headers: { 'set-cookie': sessionCookie(session.value, session.maxAge, secure) } })
}

/** Sign out. */
export function DELETE() {
  return Response.json({ ok: true }, { headers: { 'set-cookie': `${ADMIN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` } })
}
