import { signRequestSchema } from '@/lib/api/tokens'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse, parseBody, signWithStoredKey } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

/** Signs a generic or FluxStack-session token with a workspace key (default: the workspace's default signing key): `{ token, kid }`. */
export async function POST(request: Request) {
  try {
    const body = await parseBody(request, signRequestSchema)
    const signed = await signWithStoredKey(getRuntime(), body, new Date())
    return Response.json(signed, { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
