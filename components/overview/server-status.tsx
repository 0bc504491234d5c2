'use client'

import { Card, CardTitle } from '@/components/ui/card'
import { Stat } from '@/components/ui/stat'
import { formatBytes, formatUptime } from '@/lib/utils'
import { ClusterStatus } from './cluster-status'
import { storeSummary } from './store-summary'
import { useStatus } from './use-status'

export function ServerStatus() {
  const state = useStatus()
  const status = state.phase === 'ready' ? state.status : state.phase === 'error' ? state.last : undefined

  return (
    <div className="grid gap-4 lg:grid-cols-2" aria-busy={state.phase === 'loading'}>
      <Card aria-labelledby="server-title">
        <div className="flex items-center justify-between">
          <CardTitle id="server-title">Server</CardTitle>
          <LiveBadge state={state.phase} />
        </div>
        {state.phase === 'error' && (
          <p role="alert" className="mb-3 rounded-md border border-deny/40 bg-deny/10 px-3 py-2 text-sm text-deny">
            {state.message} Showing the last known values; retrying every 2 s.
          </p>
        )}
        {status ? (
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
            <Stat label="Version">v{status.version}</Stat>
            <Stat label="Uptime">
              <span data-testid="uptime">{formatUptime(status.uptimeS)}</span>
            </Stat>
            <Stat label="Open live connections">
              <span data-testid="live-connections">{status.liveConnections}</span>
            </Stat>
            <Stat label="Bound to">{status.host}</Stat>
            <Stat label="Admin token">{status.adminTokenRequired ? 'Required' : 'Off (loopback)'}</Stat>
          </dl>
        ) : (
          <SkeletonRows />
        )}
      </Card>

      <Card aria-labelledby="store-title">
        <CardTitle id="store-title">{status?.store.kind === 'postgres' ? 'Postgres store' : 'Embedded store'}</CardTitle>
        {status ? (
          <>
          <dl className="grid grid-cols-2 gap-4">
            <div className="col-span-2 min-w-0">
              <dt className="text-xs font-medium text-muted">Location</dt>
              <dd className="mt-1 break-all font-mono text-sm" data-testid="store-file">
                {status.store.file}
              </dd>
            </div>
            <Stat label={status.store.kind === 'postgres' ? 'Database size' : 'Size on disk'} hint={status.store.kind === 'postgres' ? 'As Postgres reports it (pg_database_size)' : 'The SQLite file plus its write-ahead log'}>
              <span data-testid="store-size">{formatBytes(status.store.sizeBytes)}</span>
            </Stat>
            <Stat label="Schema version">{status.store.schemaVersion}</Stat>
            {status.store.kind !== 'postgres' && (
              <Stat label="Database / WAL">
                <span className="text-sm">{formatBytes(status.store.databaseBytes)} / {formatBytes(status.store.walBytes)}</span>
              </Stat>
            )}
            <Stat label={`Retention (${status.retention.source === 'default' ? 'default' : 'set'})`}>
              <span className="text-sm" data-testid="retention">
                {[status.retention.maxDays !== undefined ? `${status.retention.maxDays} d` : undefined, status.retention.maxRows !== undefined ? `${status.retention.maxRows.toLocaleString('en-US')} rows` : undefined].filter(Boolean).join(', ') || 'keep everything'}
              </span>
            </Stat>
          </dl>
          <p className="mt-3 text-xs text-muted" data-testid="store-summary">{storeSummary(status)}</p>
          </>
        ) : (
          <SkeletonRows />
        )}
      </Card>

      {status && <ClusterStatus status={status} />}

      <Card aria-labelledby="workspace-title" className="lg:col-span-2">
        <CardTitle id="workspace-title">Active workspace</CardTitle>
        {!status ? (
          <SkeletonRows />
        ) : status.workspace ? (
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Stat label="Name">
              <span data-testid="workspace-name">{status.workspace.name}</span>
            </Stat>
            <Stat label="Files">
              <span data-testid="workspace-files">{status.workspace.fileCount}</span>
            </Stat>
            <Stat label="Version">{status.workspace.version}</Stat>
            <Stat label="Last saved">{new Date(status.workspace.updatedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</Stat>
          </dl>
        ) : (
          <p className="text-sm text-muted">No workspace yet. The demo workspace is created on the first start of an empty store.</p>
        )}
      </Card>
    </div>
  )
}

function LiveBadge({ state }: { state: 'loading' | 'ready' | 'error' }) {
  const text = state === 'ready' ? 'Live' : state === 'loading' ? 'Connecting…' : 'Unreachable'
  const tone = state === 'ready' ? 'bg-allow' : state === 'loading' ? 'bg-muted' : 'bg-deny'
  return (
    <span className="mb-3 inline-flex items-center gap-2 text-xs text-muted" role="status">
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${tone} ${state === 'ready' ? 'animate-pulse' : ''}`} />
      {text}
    </span>
  )
}

function SkeletonRows() {
  return (
    <div className="space-y-2" aria-hidden="true">
      <div className="h-4 w-2/3 animate-pulse rounded bg-line" />
      <div className="h-4 w-1/2 animate-pulse rounded bg-line" />
    </div>
  )
}
