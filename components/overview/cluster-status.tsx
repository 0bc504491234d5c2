'use client'

import { Card, CardTitle } from '@/components/ui/card'
import { Badge, Notice } from '@/components/ui/notice'
import { Stat } from '@/components/ui/stat'
import type { Status } from '@/lib/api/status'
import { formatUptime } from '@/lib/utils'
import { busBadge, clusterSummary, storeKindName } from './cluster-text'

/** The Overview's instances card: the store kind, this instance and the instances that are up. */
export function ClusterStatus({ status }: { status: Status }) {
  const cluster = status.cluster
  const badge = busBadge(cluster)
  return (
    <Card aria-labelledby="instances-title" className="lg:col-span-2">
      <div className="flex items-center justify-between gap-2">
        <CardTitle id="instances-title">Instances</CardTitle>
        <Badge tone={badge.tone} className="mb-3" data-testid="bus-state">{badge.text}</Badge>
      </div>
      {cluster?.state === 'down' && (
        <Notice tone="deny" role="alert" className="mb-3">
          Redis is unreachable{cluster.message ? ` (${cluster.message})` : ''} since {new Date(cluster.since).toLocaleTimeString()}.
          Rooms, the decision stream and the per-address caps work within this instance only until it is back; the studio reconnects by itself.
        </Notice>
      )}
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Stat label="Store">
          <span className="text-sm" data-testid="store-kind">{storeKindName(status.store.kind)}</span>
        </Stat>
        <Stat label="This instance">
          <span className="font-mono text-sm" data-testid="instance-id">{cluster?.instanceId ?? '—'}</span>
        </Stat>
        <Stat label="Instances up">
          <span data-testid="instances-up">{cluster?.instances.length ?? 1}</span>
        </Stat>
        <Stat label="Live sockets on the others" hint="As the other instances last reported them">
          {cluster?.kind === 'redis' ? cluster.remoteConnections : '—'}
        </Stat>
      </dl>
      {cluster && cluster.instances.length > 0 && (
        <ul className="mt-4 divide-y divide-line rounded-md border border-line text-sm" aria-label="Instances that are up" data-testid="instance-list">
          {cluster.instances.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <span className="font-mono">
                {i.id}
                {i.id === cluster.instanceId && <span className="ml-2 font-sans text-xs text-muted">(this instance)</span>}
              </span>
              <span className="text-xs text-muted">
                v{i.version} · up {formatUptime(Math.max(0, Math.floor((i.seenAt - i.startedAt) / 1000)))}
                {i.listening ? ' · streaming /traces' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-3 text-xs text-muted" data-testid="cluster-summary">{clusterSummary(status)}</p>
    </Card>
  )
}
