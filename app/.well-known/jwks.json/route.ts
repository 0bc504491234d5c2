import { getRuntime } from '@/lib/server/registry'
import { errorResponse, publicJwks } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

/** The active workspace's public keys (public, no admin session): HMAC secrets are never included. */
export async function GET() {
  try {
    return Response.json(await publicJwks(getRuntime()), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
