import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { readWorkspace } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/** The active workspace's files at its current version. */
export async function GET() {
  try {
    return Response.json(await readWorkspace(getRuntime()), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
