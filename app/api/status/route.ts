import { getRuntime } from '@/lib/server/registry'
import { statusOf } from '@/lib/server/status'

export const dynamic = 'force-dynamic'

export async function GET() {
  return Response.json(await statusOf(getRuntime()), { headers: { 'cache-control': 'no-store' } })
}
