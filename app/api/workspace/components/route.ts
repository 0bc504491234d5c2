import { listWorkspaceComponents } from '@/lib/server/decide-service'
import { getRuntime } from '@/lib/server/registry'

export const dynamic = 'force-dynamic'

/** The active workspace's components for the live tester's palette. */
export async function GET() {
  try {
    return Response.json(await listWorkspaceComponents(getRuntime()), { headers: { 'cache-control': 'no-store' } })
  } catch {
    return Response.json(
      { error: 'WORKSPACE_UNAVAILABLE', message: 'The workspace could not be loaded; open the Rules page to see its diagnostics.' },
      { status: 503, headers: { 'cache-control': 'no-store' } },
    )
  }
}
