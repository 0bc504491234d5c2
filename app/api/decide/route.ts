import { decideRequestSchema } from '@/lib/api/decide'
import { MAX_NESTING, nestedDeeperThan } from '@/lib/json/nesting'
import { predictDecision, type DecideErrorCode } from '@/lib/server/decide-service'
import { getRuntime } from '@/lib/server/registry'
import { BODY_TOO_DEEP } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

const STATUS: Record<DecideErrorCode, number> = {
  UNKNOWN_COMPONENT: 404,
  UNKNOWN_PERSONA: 404,
  PERSONA_NOT_AUTHENTICATED: 422,
}

const noStore = { 'cache-control': 'no-store' }

/** The studio's prediction of one live decision (no action body runs). */
export async function POST(request: Request) {
  const raw: unknown = await request.json().catch(() => null)
  if (nestedDeeperThan(raw, MAX_NESTING)) return Response.json({ error: 'BAD_REQUEST', message: BODY_TOO_DEEP }, { status: 400, headers: noStore })
  const body = decideRequestSchema.safeParse(raw)
  if (!body.success) {
    const message = body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')
    return Response.json({ error: 'BAD_REQUEST', message }, { status: 400, headers: noStore })
  }
  try {
    const result = await predictDecision(getRuntime(), body.data, Date.now())
    if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: STATUS[result.code], headers: noStore })
    return Response.json(result.value, { headers: noStore })
  } catch {
    // The workspace may fail to load; never echo internals.
    return Response.json({ error: 'WORKSPACE_UNAVAILABLE', message: 'The workspace could not be loaded to predict this decision.' }, { status: 503, headers: noStore })
  }
}
