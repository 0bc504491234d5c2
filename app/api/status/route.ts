import { getRuntime } from '@/lib/server/registry'
import { statusOf } from '@/lib/server/status'

export const dynamic = 'force-dynamic'

export function GET() {
  return Response.json(statusOf(getRuntime()), { headers: { 'cache-control': 'no-store' } })
}
