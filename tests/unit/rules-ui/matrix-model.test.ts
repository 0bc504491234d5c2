import { describe, expect, it } from 'vitest'
import type { MatrixCellView } from '@/lib/api/workspace'
import { cellKey, cellTitle, columnGroups, flipIndex } from '@/components/rules/matrix-model'

const decision = { kind: 'mount', verdict: 'deny' as const, profile: 'documented', trace: [], durationUs: 1, sessionFieldsRead: [], warnings: [] }
const cell: MatrixCellView = { verdict: 'deny', decidedBy: 'auth.roles', reason: 'Insufficient roles', decision }

describe('matrix model', () => {
  it('indexes flips by persona and column', () => {
    const idx = flipIndex([{ persona: 'admin', key: 'A#mount', change: 'narrowed', before: 'allow' }])
    expect(idx.get(cellKey('admin', 'A#mount'))?.change).toBe('narrowed')
    expect(idx.get(cellKey('admin', 'B#mount'))).toBeUndefined()
  })

  it.each([
    [{ key: 'A#mount', component: 'A', kind: 'mount' as const }, undefined, 'admin · mount A → DENY by auth.roles: Insufficient roles'],
    [{ key: 'A.go', component: 'A', kind: 'action' as const, action: 'go' }, { persona: 'admin', key: 'A.go', change: 'narrowed' as const, before: 'allow' as const },
      'admin · A.go → DENY by auth.roles: Insufficient roles (was allow in the previous version)'],
  ])('titles %j', (column, flip, expected) => {
    expect(cellTitle('admin', column, cell, flip)).toBe(expected)
  })

  it('groups consecutive columns by component', () => {
    expect(columnGroups([
      { key: 'A#mount', component: 'A', kind: 'mount' }, { key: 'A.x', component: 'A', kind: 'action', action: 'x' }, { key: 'B#mount', component: 'B', kind: 'mount' },
    ])).toEqual([{ component: 'A', span: 2 }, { component: 'B', span: 1 }])
  })
})
