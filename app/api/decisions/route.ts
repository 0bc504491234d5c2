import { compactQuery, pageParamsSchema, queryFromSearch } from '@/lib/api/decisions'
import { decisionError, decisionLog, NO_STORE } from './shared'

export const dynamic = 'force-dynamic'

const TOTAL_CAP = 1_001

/**
 * One page of the decision log, newest first: `?verdict=deny&component=AdminPanel&limit=100&before=<at>:<id>`.
 * `total=1` adds the number of matching decisions (folded ones included), reading no more than TOTAL_CAP rows
 * (above 1,000 means "more than 1,000").
 */
export async function GET(request: Request) {
  try {
    const params = new URL(request.url).searchParams
    const query = compactQuery(queryFromSearch(params))
    const { limit, before } = pageParamsSchema.parse({ limit: params.get('limit') ?? undefined, before: params.get('before') ?? undefined })
    const log = decisionLog()
    const page = await log.page(query, { ...(limit !== undefined ? { limit } : {}), ...(before ? { before } : {}) })
    const total = params.get('total') === '1' ? { total: await log.count(query, TOTAL_CAP) } : {}
    return Response.json({ ...page, ...total }, { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}
