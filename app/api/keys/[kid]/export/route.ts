import { exportKeyRequestSchema } from '@/lib/api/tokens'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse, exportKey, parseBody } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

/** Explicit export of a key part (private parts only on this request). */
export async function POST(request: Request, { params }: { params: Promise<{ kid: string }> }) {
  try {
    const { kid } = await params
    const body = await parseBody(request, exportKeyRequestSchema)
    return Response.json(await exportKey(getRuntime(), kid, body), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
