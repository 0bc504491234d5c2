import { simRequestSchema } from '@/lib/api/workspace'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { listMachines, readBody, simulateMachine } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/** The current version's machines with State Backed authorizers. */
export async function GET() {
  try {
    return Response.json(await listMachines(getRuntime()), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

/** One simulated read, write or initialization. */
export async function POST(request: Request) {
  try {
    const body = await readBody(request, simRequestSchema)
    return Response.json(await simulateMachine(getRuntime(), body), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
