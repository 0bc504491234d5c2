import { createWorkspaceRequestSchema } from '@/lib/api/workspaces'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { createWorkspace, listWorkspaces } from '@/lib/server/workspace-switch'
import { readBody } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/** Every workspace and the active one. */
export async function GET() {
  try {
    return Response.json(await listWorkspaces(getRuntime()), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

/** A new workspace from an exported document (no keys travel; a fresh HS256 key is generated), 201. */
export async function POST(request: Request) {
  try {
    const body = await readBody(request, createWorkspaceRequestSchema)
    return Response.json(await createWorkspace(getRuntime(), body, new Date()), { status: 201, headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
