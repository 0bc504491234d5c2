import { retentionSchema } from '@/lib/api/decisions'
import { parseBody } from '@/lib/server/token-service'
import { DEFAULT_RETENTION } from '@/lib/store/model/retention'
import { decisionError, decisionLog, NO_STORE } from '../shared'

export const dynamic = 'force-dynamic'

async function view() {
  const log = decisionLog()
  const [inForce, rows, decisions] = await Promise.all([log.retention.inForce(), log.rowCount(), log.count({})])
  return { ...inForce, defaults: DEFAULT_RETENTION, rows, decisions }
}

/** The retention in force (keep N days and/or N rows; the default until one is set) and the log's current size. */
export async function GET() {
  try {
    return Response.json(await view(), { headers: NO_STORE })
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
    const { retention } = decisionLog()
    const current = await retention.policy()
    const merged = {
      ...current,
      ...(body.maxDays !== undefined ? { maxDays: body.maxDays ?? undefined } : {}),
      ...(body.maxRows !== undefined ? { maxRows: body.maxRows ?? undefined } : {}),
    }
    await retention.setPolicy(Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)))
    void retention.sweep()
    return Response.json(await view(), { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}

/** Forgets the policy set: the default applies again (and is swept in the background). */
export async function DELETE() {
  try {
    const { retention } = decisionLog()
    await retention.resetPolicy()
    void retention.sweep()
    return Response.json(await view(), { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}
