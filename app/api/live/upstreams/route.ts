import { z } from 'zod'
import { PROXY_PREFIX, readUpstreams, upstreamsSchema } from '@/lib/live/proxy/upstreams'
import { getRuntime } from '@/lib/server/registry'
import { errorResponse, parseBody } from '@/lib/server/token-service'

export const dynamic = 'force-dynamic'
const NO_STORE = { 'cache-control': 'no-store' } as const

async function view() {
  const runtime = getRuntime()
  const upstreams = await readUpstreams(runtime.store.meta)
  const proxy = runtime.proxy()
  return { upstreams, proxyPath: PROXY_PREFIX, open: proxy.open, figures: proxy.upstreams }
}

/** The upstreams the recording proxy may reach, and what it relayed and observed per upstream since start. */
export async function GET() {
  try {
    return Response.json(await view(), { headers: NO_STORE })
  } catch (error) {
    return errorResponse(error)
  }
}

/** Replaces the list (applies to the next connection; open ones keep their upstream until they close). */
export async function PUT(request: Request) {
  try {
    const body = await parseBody(request, z.strictObject({ upstreams: upstreamsSchema }))
    // Stored, then the proxy's in-memory copy: the next connection sees it.
    await getRuntime().upstreams.replace(body.upstreams)
    return Response.json(await view(), { headers: NO_STORE })
  } catch (error) {
    return errorResponse(error)
  }
}
