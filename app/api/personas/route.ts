import { personaSchema } from '@/lib/store/model/persona'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse, parseBody, removePersona } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'

/** The active workspace's personas. */
export async function GET() {
  try {
    const runtime = getRuntime()
    return Response.json({ personas: await runtime.store.personas.list(runtime.activeWorkspaceId) }, { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

/** Creates or replaces a persona by id. */
export async function POST(request: Request) {
  try {
    const persona = await parseBody(request, personaSchema)
    const runtime = getRuntime()
    return Response.json({ persona: await runtime.store.personas.upsert(runtime.activeWorkspaceId, persona) }, { status: 201 })
  } catch (error) {
    return errorResponse(error)
  }
}

/** Deletes a persona: `DELETE /api/personas?id=...` (or `/api/personas/:id`). */
export async function DELETE(request: Request) {
  try {
    await removePersona(getRuntime(), new URL(request.url).searchParams.get('id') ?? '')
    return Response.json({ ok: true })
  } catch (error) {
    return errorResponse(error)
  }
}
