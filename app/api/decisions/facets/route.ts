import { readUpstreams } from '@/lib/live/proxy/upstreams'
import { getRuntime } from '@/lib/server/registry'
import { decisionError, decisionServices, NO_STORE } from '../shared'

export const dynamic = 'force-dynamic'

/** Values seen in the log, for the /traces filter pickers; sources also list the configured upstreams (watchable before their first decision). */
export function GET() {
  try {
    const { queries } = decisionServices()
    return Response.json({
      components: queries.distinct('component'),
      actions: queries.distinct('action'),
      layers: queries.distinct('decided_by'),
      personas: queries.distinct('persona'),
      versions: queries.distinct('workspace_version'),
      sources: [...new Set([...readUpstreams(getRuntime().store).map((u) => u.name), ...queries.distinct('source').map(String)])],
    }, { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}
