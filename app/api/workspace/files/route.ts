import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { readWorkspace } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/** The active workspace's files at its current version. */
export function GET() {
  try {
    return Response.json(readWorkspace(getRuntime()), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
