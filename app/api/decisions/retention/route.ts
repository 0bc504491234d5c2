import { retentionSchema } from '@/lib/api/decisions'
import { parseBody } from '@/lib/server/token-service'
import { DEFAULT_RETENTION } from '@/lib/store/decision-retention'
import { decisionError, decisionServices, NO_STORE } from '../shared'

export const dynamic = 'force-dynamic'

function view() {
  const { queries, retention } = decisionServices()
  return { ...retention.inForce(), defaults: DEFAULT_RETENTION, rows: queries.rowCount(), decisions: queries.count({}) }
}

/** The retention in force (keep N days and/or N rows; the default until one is set) and the log's current size. */
export function GET() {
  try {
    return Response.json(view(), { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}

/**
 * Stores the policy (merged into the one in force; null clears a limit, so both null keeps
 * everything) and starts a sweep in the background (small batches; the answer does not wait).
 */
export async function PUT(request: Request) {
  try {
    const body = await parseBody(request, retentionSchema)
    const { retention } = decisionServices()
    const current = retention.policy()
    const merged = {
      ...current,
      ...(body.maxDays !== undefined ? { maxDays: body.maxDays ?? undefined } : {}),
      ...(body.maxRows !== undefined ? { maxRows: body.maxRows ?? undefined } : {}),
    }
    retention.setPolicy(Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)))
    void retention.sweep()
    return Response.json(view(), { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}

/** Forgets the policy set: the default applies again (and is swept in the background). */
export function DELETE() {
  try {
    const { retention } = decisionServices()
    retention.resetPolicy()
    void retention.sweep()
    return Response.json(view(), { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}
