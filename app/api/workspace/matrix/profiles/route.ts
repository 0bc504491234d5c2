import { profileCompareRequestSchema } from '@/lib/api/workspace'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { profileComparisonFor } from '@/lib/server/workspace-analysis'
import { expectWorkspace, readBody } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/**
 * What switching the active workspace to ordering profile `to` would change: the
 * decisions (persona x mount | action) whose verdict, deciding layer or reason differ
 * between the stored profile and `to`. Nothing is switched (PUT /api/workspace/settings does that).
 */
export async function POST(request: Request) {
  try {
    const runtime = getRuntime()
    const { to, payloads, workspaceId } = await readBody(request, profileCompareRequestSchema)
    expectWorkspace(runtime, workspaceId)
    return Response.json(await profileComparisonFor(runtime, runtime.activeWorkspaceId, to, Date.now(), payloads), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
