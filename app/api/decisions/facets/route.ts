import { readUpstreams } from '@/lib/live/proxy/upstreams'
import { getRuntime } from '@/lib/server/registry'
import { decisionError, decisionLog, NO_STORE } from '../shared'

export const dynamic = 'force-dynamic'

/** Values seen in the log, for the /traces filter pickers; sources also list the configured upstreams (watchable before their first decision). */
export async function GET() {
  try {
    const log = decisionLog()
    const [components, actions, layers, personas, versions, sources, upstreams] = await Promise.all([
      log.distinct('component'), log.distinct('action'), log.distinct('decided_by'), log.distinct('persona'),
      log.distinct('workspace_version'), log.distinct('source'), readUpstreams(getRuntime().store.meta),
    ])
    return Response.json({
      components, actions, layers, personas, versions,
      sources: [...new Set([...upstreams.map((u) => u.name), ...sources.map(String)])],
    }, { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}
