import { retentionText } from '@/components/traces/log-model'
import type { Status } from '@/lib/api/status'
import { formatBytes } from '@/lib/utils'

/** The store card's figures in one sentence: its text equivalent (size on disk and the retention in force). */
export function storeSummary(status: { store: Pick<Status['store'], 'sizeBytes' | 'databaseBytes' | 'walBytes'>; retention: Status['retention'] }): string {
  const { sizeBytes, databaseBytes, walBytes } = status.store
  return `The store takes ${formatBytes(sizeBytes)} on disk (database ${formatBytes(databaseBytes)}, write-ahead log ${formatBytes(walBytes)}). ` +
    `Decision log retention: ${retentionText(status.retention).replace(/^Keep/, 'keep')}`
}
