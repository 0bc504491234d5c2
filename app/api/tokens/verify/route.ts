import { verifyRequestSchema } from '@/lib/api/tokens'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse, parseBody, verifyWithWorkspaceKeys } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

/** Verifies a token against the workspace's keys by kid; answers the page's verdict. */
export async function POST(request: Request) {
  try {
    const body = await parseBody(request, verifyRequestSchema)
    const verdict = await verifyWithWorkspaceKeys(getRuntime(), body, new Date())
    return Response.json(verdict, { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
