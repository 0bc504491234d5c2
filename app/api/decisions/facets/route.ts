import { decisionError, decisionServices, NO_STORE } from '../shared'

export const dynamic = 'force-dynamic'

/** Values seen in the log, for the /traces filter pickers. */
export function GET() {
  try {
    const { queries } = decisionServices()
    return Response.json({
      components: queries.distinct('component'),
      actions: queries.distinct('action'),
      layers: queries.distinct('decided_by'),
      personas: queries.distinct('persona'),
      versions: queries.distinct('workspace_version'),
      sources: queries.distinct('source'),
    }, { headers: NO_STORE })
  } catch (error) {
    return decisionError(error)
  }
}
