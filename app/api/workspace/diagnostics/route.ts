import { diagnosticsRequestSchema } from '@/lib/api/workspace'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse } from '@/lib/server/token-service'
import { diagnoseDraft, readBody } from '@/lib/server/workspace-service'

export const dynamic = 'force-dynamic'

/** Studio diagnostics of unsaved files (loaded in a throwaway sandbox). */
export async function POST(request: Request) {
  try {
    const { files } = await readBody(request, diagnosticsRequestSchema)
    return Response.json(await diagnoseDraft(getRuntime(), files), { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
