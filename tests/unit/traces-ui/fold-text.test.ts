import { describe, expect, it } from 'vitest'
import { storeSummary } from '@/components/overview/store-summary'
import { foldLabel, retentionText } from '@/components/traces/log-model'

describe('foldLabel (the Traces list)', () => {
  it.each<[{ repeatCount: number; overflow?: true }, string | undefined]>([
    [{ repeatCount: 1 }, undefined],
    [{ repeatCount: 2 }, 'and 1 more like this'],
    [{ repeatCount: 4813 }, 'and 4,812 more like this'],
    [{ repeatCount: 1, overflow: true }, '1 decision over budget'],
    [{ repeatCount: 37, overflow: true }, '37 decisions over budget'],
  ])('%j -> %s', (row, text) => {
    expect(foldLabel(row)).toBe(text)
  })
})

describe('retention in words', () => {
  it.each<[Parameters<typeof retentionText>[0], string]>([
    [{ maxDays: 7, maxRows: 200_000, source: 'default' }, 'Keep 7 days and at most 200,000 rows (the default).'],
    [{ maxDays: 1, source: 'set' }, 'Keep 1 day, any number of rows (set on the Traces page).'],
    [{ maxRows: 5000, source: 'set' }, 'Keep at most 5,000 rows, however old (set on the Traces page).'],
    [{ source: 'set' }, 'Keep everything (set on the Traces page).'],
  ])('%j', (policy, text) => {
    expect(retentionText(policy)).toBe(text)
  })

  it('the Overview store card has a text equivalent: size on disk (file + WAL) and the retention in force', () => {
    const store = { kind: 'sqlite' as const, file: '/x/studio.sqlite', sizeBytes: 3 * 1024 * 1024, databaseBytes: 2 * 1024 * 1024, walBytes: 1024 * 1024, schemaVersion: 5 }
    expect(storeSummary({ store, retention: { maxDays: 7, maxRows: 200_000, source: 'default' } }))
      .toBe('The store takes 3.0 MiB on disk (database 2.0 MiB, write-ahead log 1.0 MiB). Decision log retention: keep 7 days and at most 200,000 rows (the default).')
  })

  it('on Postgres it names the database size (no file, no write-ahead log of its own)', () => {
    const store = { kind: 'postgres' as const, file: 'postgres://studio@db/studio', sizeBytes: 8 * 1024 * 1024, databaseBytes: 8 * 1024 * 1024, walBytes: 0, schemaVersion: 2 }
    expect(storeSummary({ store, retention: { maxDays: 7, maxRows: 200_000, source: 'default' } }))
      .toBe('The Postgres database takes 8.0 MiB (its size as Postgres reports it, shared by every instance). Decision log retention: keep 7 days and at most 200,000 rows (the default).')
  })
})
