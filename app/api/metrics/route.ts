import { z } from 'zod'
import { getRuntime } from '@/lib/server/registry'
import { decisionMetrics } from '@/lib/store/decision-metrics'
import { decisionError, decisionServices, NO_STORE } from '../decisions/shared'

export const dynamic = 'force-dynamic'

const paramsSchema = z.object({ windowMinutes: z.coerce.number().int().min(1).max(24 * 60).default(15) })

/** Overview dashboard figures from the decision log, plus the live server's connections and mounted components right now. */
export function GET(request: Request) {
  try {
    const { windowMinutes } = paramsSchema.parse({ windowMinutes: new URL(request.url).searchParams.get('windowMinutes') ?? undefined })
    const runtime = getRuntime()
    const metrics = decisionMetrics(decisionServices().queries.db, { nowMs: Date.now(), windowMs: windowMinutes * 60_000 })
    const live = runtime.liveCounts()
    return Response.json({ ...metrics, openConnections: live.open, live }, { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}
