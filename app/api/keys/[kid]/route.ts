import { getRuntime } from '@/lib/server/registry'
import { ApiError, errorResponse } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

/** Deletes a key of the active workspace. */
export async function DELETE(_request: Request, { params }: { params: Promise<{ kid: string }> }) {
  try {
    const { kid } = await params
    const runtime = getRuntime()
    if (!(await runtime.store.keys.remove(runtime.activeWorkspaceId, kid))) throw new ApiError('NOT_FOUND', `No key with kid ${JSON.stringify(kid)} in this workspace.`)
    return Response.json({ ok: true })
  } catch (error) {
    return errorResponse(error)
  }
}
