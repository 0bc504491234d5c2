import { getRuntime } from '@/lib/server/registry'
import { errorResponse, removePersona } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

/** Deletes a persona by id. */
export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await removePersona(getRuntime(), (await params).id)
    return Response.json({ ok: true })
  } catch (error) {
    return errorResponse(error)
  }
}
