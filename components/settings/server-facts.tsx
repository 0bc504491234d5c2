import type { ReactNode } from 'react'
import { Card, CardTitle } from '@/components/ui/card'
import type { ServerFacts as Facts } from '@/lib/api/settings'

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-muted">{label}</dt>
      <dd className="mt-1 break-all text-sm">{children}</dd>
    </div>
  )
}

/** Read-only: these come from the environment at start, not from the workspace. */
export function ServerFacts({ facts }: { facts: Facts }) {
  return (
    <Card aria-labelledby="facts-title">
      <CardTitle id="facts-title">Server (read-only)</CardTitle>
      <dl className="grid gap-4 sm:grid-cols-2" data-testid="server-facts">
        <Fact label="Admin token">{facts.adminTokenRequired ? 'Required for every page and API' : 'Not required (bound to loopback)'}</Fact>
        <Fact label="Bound to"><span className="font-mono">{facts.host}</span></Fact>
        <Fact label="Live socket origins">
          {facts.liveOrigins.length === 0 ? 'The studio’s own origin only' : <span className="font-mono">same origin, {facts.liveOrigins.join(', ')}</span>}
        </Fact>
        <Fact label="Data directory"><span className="font-mono">{facts.dataDir}</span></Fact>
      </dl>
      <p className="mt-3 text-xs text-muted">Set with HOST, STUDIO_ADMIN_TOKEN, STUDIO_LIVE_ORIGINS and STUDIO_DATA_DIR when the server starts.</p>
    </Card>
  )
}
