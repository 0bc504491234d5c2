import { retentionText } from '@/components/traces/log-model'
import type { Status } from '@/lib/api/status'
import { formatBytes } from '@/lib/utils'

/** The store card's figures in one sentence: its text equivalent (size on disk and the retention in force). */
export function storeSummary(status: { store: Pick<Status['store'], 'sizeBytes' | 'databaseBytes' | 'walBytes'> & { kind?: Status['store']['kind'] }; retention: Status['retention'] }): string {
  const { sizeBytes, databaseBytes, walBytes, kind } = status.store
  const size = kind === 'postgres'
    ? `The Postgres database takes ${formatBytes(sizeBytes)} (its size as Postgres reports it, shared by every instance). `
    : `The store takes ${formatBytes(sizeBytes)} on disk (database ${formatBytes(databaseBytes)}, write-ahead log ${formatBytes(walBytes)}). `
  return `${size}Decision log retention: ${retentionText(status.retention).replace(/^Keep/, 'keep')}`
}
