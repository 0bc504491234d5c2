import { getRuntime } from '@/lib/server/registry'
import { healthOf } from '@/lib/server/status'

export const dynamic = 'force-dynamic'

export function GET() {
  return Response.json(healthOf(getRuntime()), { headers: { 'cache-control': 'no-store' } })
}
