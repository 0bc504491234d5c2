import { saveRequestSchema } from '@/lib/api/workspace'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { readBody, saveWorkspace } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/** Saves the files as a new version; the live server then hot-loads it. */
export async function POST(request: Request) {
  try {
    const body = await readBody(request, saveRequestSchema)
    return Response.json(await saveWorkspace(getRuntime(), body), { status: 201, headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
