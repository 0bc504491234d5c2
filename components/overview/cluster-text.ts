import type { ClusterStatusView, Status } from '@/lib/api/status'

/** The store's name, short (the card's figure). */
export function storeKindName(kind: Status['store']['kind']): string {
  return kind === 'postgres' ? 'Postgres' : 'SQLite'
}

/** What the store is, in words. */
export function storeKindText(kind: Status['store']['kind']): string {
  return kind === 'postgres' ? 'Postgres (STUDIO_DATABASE_URL)' : 'SQLite (embedded)'
}

/** The instances card's badge: how this instance reaches the others. */
export function busBadge(cluster: ClusterStatusView | undefined): { text: string; tone: 'info' | 'allow' | 'deny' } {
  if (!cluster || cluster.kind === 'local') return { text: 'Single instance', tone: 'info' }
  return cluster.state === 'connected' ? { text: 'Redis connected', tone: 'allow' } : { text: 'Redis unreachable', tone: 'deny' }
}

/** The card's text equivalent: which store, which instance, who else is up, and what a Redis outage means right now. */
export function clusterSummary(status: Pick<Status, 'store' | 'cluster'>): string {
  const store = `Store: ${storeKindText(status.store.kind)}.`
  const c = status.cluster
  if (!c) return store
  if (c.kind === 'local') return `${store} This is instance ${c.instanceId}, running alone (set STUDIO_REDIS_URL to share rooms, the decision stream and caps with other instances).`
  const n = c.instances.length
  const up = `${n} instance${n === 1 ? '' : 's'} up`
  if (c.state === 'down') {
    return `${store} This is instance ${c.instanceId}. Redis is unreachable${c.message ? ` (${c.message})` : ''}: rooms, the decision stream and the per-address caps work within this instance only until it is back; it reconnects by itself.`
  }
  return `${store} This is instance ${c.instanceId}; ${up}. Rooms, the decision stream, workspace reloads, the admin session and the per-address caps span every instance.`
}
