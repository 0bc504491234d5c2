/** The Overview's instances card in words (components/overview/cluster-text.ts): its text equivalent and badge. */
import { describe, expect, it } from 'vitest'
import { busBadge, clusterSummary, storeKindName, storeKindText } from '@/components/overview/cluster-text'
import type { ClusterStatusView } from '@/lib/api/status'

const base: ClusterStatusView = {
  kind: 'redis', instanceId: 'web-1', state: 'connected', since: 0, invalidMessages: 0, sharedCounts: true, remoteConnections: 3,
  instances: [
    { id: 'web-1', startedAt: 0, version: '0.1.0', seenAt: 0, listening: false },
    { id: 'web-2', startedAt: 0, version: '0.1.0', seenAt: 0, listening: true },
  ],
}
const store = { kind: 'sqlite' as const, file: 'x', sizeBytes: 0, databaseBytes: 0, walBytes: 0, schemaVersion: 1 }

describe('instances card text', () => {
  it.each<[string, ClusterStatusView | undefined, string, string]>([
    ['no cluster figures (older server)', undefined, 'Single instance', 'Store: SQLite (embedded).'],
    ['one process', { ...base, kind: 'local', state: 'local', instances: [base.instances[0]!] }, 'Single instance', 'This is instance web-1, running alone (set STUDIO_REDIS_URL'],
    ['two instances on Redis', base, 'Redis connected', 'This is instance web-1; 2 instances up. Rooms, the decision stream'],
    ['Redis away', { ...base, state: 'down', message: 'connect ECONNREFUSED 10.0.0.9:6379' }, 'Redis unreachable', 'Redis is unreachable (connect ECONNREFUSED 10.0.0.9:6379): rooms, the decision stream and the per-address caps work within this instance only'],
  ])('%s', (_name, cluster, badge, summary) => {
    expect(busBadge(cluster).text).toBe(badge)
    expect(clusterSummary({ store, ...(cluster ? { cluster } : {}) })).toContain(summary)
  })

  it('names the store', () => {
    expect(storeKindText('postgres')).toBe('Postgres (STUDIO_DATABASE_URL)')
    expect(storeKindText('sqlite')).toBe('SQLite (embedded)')
    expect([storeKindName('postgres'), storeKindName('sqlite')]).toEqual(['Postgres', 'SQLite'])
  })
})
