import { ApiError } from '@/lib/server/token-service'
import { decisionError, decisionLog, NO_STORE } from '../shared'

export const dynamic = 'force-dynamic'

/** One decision with its trace, auth snapshot (never a token) and stored payload. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await context.params
    if (!/^\d{1,15}$/.test(id)) throw new ApiError('BAD_REQUEST', 'A decision id is a positive integer.')
    const record = await decisionLog().get(Number(id))
    if (!record) throw new ApiError('NOT_FOUND', `No decision with id ${id} (it may have been removed by retention).`)
    return Response.json({ decision: record }, { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}
