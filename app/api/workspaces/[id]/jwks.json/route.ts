import { getRuntime } from '@/lib/server/registry'
import { ApiError, errorResponse, publicJwks } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

/** One workspace's public keys as a JWKS. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params
    const runtime = getRuntime()
    if (!(await runtime.store.workspaces.get(id))) throw new ApiError('NOT_FOUND', `No workspace with id ${JSON.stringify(id)}.`)
    return Response.json(await publicJwks(runtime, id), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
