import { createKeyRequestSchema } from '@/lib/api/tokens'
import { getRuntime } from '@/lib/server/registry'
import { createKeys, errorResponse, keyViews, parseBody } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

/** The workspace's keys (public parts only) and its JWKS URLs. */
export async function GET() {
  try {
    const runtime = getRuntime()
    const keys = await keyViews(runtime)
    const workspaceJwksUrl = `/api/workspaces/${encodeURIComponent(runtime.activeWorkspaceId)}/jwks.json`
    return Response.json({ keys, jwksUrl: '/.well-known/jwks.json', workspaceJwksUrl }, { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

/** Generates or imports keys: `{ keys, skipped }`, 201. */
export async function POST(request: Request) {
  try {
    const body = await parseBody(request, createKeyRequestSchema)
    const created = await createKeys(getRuntime(), body, new Date())
    return Response.json(created, { status: 201, headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
