import { z } from 'zod'
import { sourceRows } from '@/lib/api/metrics'
import { readUpstreams } from '@/lib/live/proxy/upstreams'
import { getRuntime } from '@/lib/server/registry'
import { decisionError, NO_STORE } from '../decisions/shared'

export const dynamic = 'force-dynamic'

const paramsSchema = z.object({ windowMinutes: z.coerce.number().int().min(1).max(24 * 60).default(15) })

/** Overview dashboard figures from the decision log (overall and per source), plus the live server's connections and mounted components right now. */
export async function GET(request: Request) {
  try {
    const { windowMinutes } = paramsSchema.parse({ windowMinutes: new URL(request.url).searchParams.get('windowMinutes') ?? undefined })
    const runtime = getRuntime()
    const log = runtime.decisions
    const nowMs = Date.now()
    const metrics = await log.metrics({ nowMs, windowMs: windowMinutes * 60_000 })
    const [figures, upstreams] = await Promise.all([log.sourceMetrics({ nowMs, from: nowMs - metrics.windowMs }), readUpstreams(runtime.store.meta)])
    const live = runtime.liveCounts()
    // Open sockets per source right now: the live socket's, and each upstream's through the recording proxy.
    const open = new Map<string, number>([['studio', live.open], ...runtime.proxy().upstreams.map((u) => [u.name, u.open] as const)])
    const sources = sourceRows(figures, upstreams.map((u) => u.name)).map((row) => ({ ...row, connections: open.get(row.source) ?? 0 }))
    return Response.json({ ...metrics, openConnections: live.open, live, sources }, { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}
