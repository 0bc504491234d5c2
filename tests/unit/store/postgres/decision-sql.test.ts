import { describe, expect, it } from 'vitest'
import { countSql, pageSql, whereOf } from '@/lib/store/postgres/decision-sql'

describe('Postgres decision SQL', () => {
  it('binds every filter as a numbered parameter, in order', () => {
    const params: unknown[] = []
    const where = whereOf({ verdict: 'deny', component: 'AdminPanel', workspaceVersion: 2, from: 10, to: 20, source: 'studio', mismatch: true }, params)
    expect(where).toBe('d.verdict = $1 AND d.component = $2 AND d.workspace_version = $3 AND d.source IS NULL AND d.mismatch AND d.at >= $4 AND d.at < $5')
    expect(params).toEqual(['deny', 'AdminPanel', 2, 10, 20])
  })

  it('searches reasons through the dictionary with ILIKE, wildcards in the text taken literally', () => {
    const params: unknown[] = []
    expect(whereOf({ text: '  100%_done\\ ' }, params)).toBe('d.reason_id IN (SELECT id FROM decision_reasons WHERE reason ILIKE $1)')
    expect(params).toEqual(['%100\\%\\_done\\\\%'])
    expect(whereOf({ text: '   ' }, [])).toBe('')
  })

  it('pages on (at, id) with a keyset cursor; a reason search merges each reason\'s newest rows', () => {
    const plain = pageSql({ persona: 'admin' }, 'd.id', { at: 5, id: 7 }, 101)
    expect(plain.text).toBe('SELECT d.id FROM decisions AS d WHERE d.persona = $1 AND (d.at, d.id) < ($2, $3) ORDER BY d.at DESC, d.id DESC LIMIT 101')
    expect(plain.params).toEqual(['admin', 5, 7])
    const search = pageSql({ text: 'roles', verdict: 'deny' }, 'd.id', undefined, 11)
    expect(search.params).toEqual(['deny', '%roles%'])
    expect(search.text).toContain('FROM (SELECT id FROM decision_reasons WHERE reason ILIKE $2) AS r')
    expect(search.text).toContain('WHERE d.reason_id = r.id AND d.verdict = $1 ORDER BY d.at DESC, d.id DESC LIMIT 11')
  })

  it('counts rows (capped) plus what was folded into them', () => {
    expect(countSql('d.verdict = $1', 1000)).toBe('SELECT ((SELECT count(*) FROM (SELECT 1 FROM decisions AS d WHERE d.verdict = $1 LIMIT 1000) AS capped) + coalesce((SELECT sum(d.repeat_count - 1) FROM decisions AS d WHERE d.repeat_count > 1 AND d.verdict = $1), 0))::bigint AS n')
    expect(countSql('')).toContain('WHERE true')
  })
})
