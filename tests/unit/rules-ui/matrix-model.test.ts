import { describe, expect, it } from 'vitest'
import type { MatrixCellView, MatrixColumnView } from '@/lib/api/workspace'
import {
  cellKey, cellLabel, changeSummary, columnGroups, fieldsReadIn, flipIndex, payloadTemplate, statusOf, tally, undefinedAllowText,
} from '@/components/rules/matrix-model'

const decision = { kind: 'mount', verdict: 'deny' as const, profile: 'documented', trace: [], durationUs: 1, sessionFieldsRead: [], warnings: [] }
const cell: MatrixCellView = { verdict: 'deny', decidedBy: 'auth.roles', reason: 'Insufficient roles', decision }
const flag = { payloadFields: ['targetUserId'], sessionFields: ['id'], anonymous: true, probe: { payload: { targetUserId: 'x' } } }
const authorizeStep = (payloadFieldsRead?: string[]) => ({
  layer: 'actionAuth.authorize', outcome: 'pass' as const, reason: 'ok', durationUs: 1,
  inputs: payloadFieldsRead ? { sessionFieldsRead: ['id'], payloadFieldsRead } : { sessionFieldsRead: ['id'] },
})
const allowAction = (extra: Partial<MatrixCellView> = {}): MatrixCellView => ({ verdict: 'allow', decidedBy: 'actionAuth.authorize', decision: { ...decision, verdict: 'allow' }, ...extra })
const del: MatrixColumnView = { key: 'P.delete', component: 'P', kind: 'action', action: 'delete' }

describe('matrix model', () => {
  it('indexes flips by persona and column', () => {
    const idx = flipIndex([{ persona: 'admin', key: 'A#mount', change: 'narrowed', before: 'allow', after: 'deny' }])
    expect(idx.get(cellKey('admin', 'A#mount'))?.change).toBe('narrowed')
    expect(idx.get(cellKey('admin', 'B#mount'))).toBeUndefined()
  })

  it('reads an action whose mount is denied as unreachable, whatever the engine says', () => {
    expect(statusOf(cell)).toBe('deny')
    expect(statusOf(allowAction())).toBe('allow')
    expect(statusOf(allowAction({ unreachable: { decidedBy: 'auth.required', reason: 'Authentication required' } }))).toBe('unreachable')
  })

  it.each([
    [{ key: 'A#mount', component: 'A', kind: 'mount' as const }, cell, undefined, 'Admin · mount A → DENY by auth.roles: Insufficient roles'],
    [{ key: 'A.go', component: 'A', kind: 'action' as const, action: 'go' }, cell, { persona: 'admin', key: 'A.go', change: 'narrowed' as const, before: 'allow' as const, after: 'deny' as const },
      'Admin · A.go → DENY by auth.roles: Insufficient roles (was allowed in the previous version)'],
    [del, allowAction({ unreachable: { decidedBy: 'auth.required', reason: 'Authentication required' }, undefinedAllow: flag }), undefined,
      'Admin · P.delete → UNREACHABLE: cannot mount P by auth.required: Authentication required; once mounted it would be ALLOW by actionAuth.authorize. '
      + 'Suspect allow: passes only because payload.targetUserId and session.id are both undefined (no session: anonymous)'],
  ])('labels %j', (column, c, flip, expected) => {
    expect(cellLabel('Admin', column, c, flip)).toBe(expected)
  })

  it('words the undefined-allow flag for one, two or more fields', () => {
    expect(undefinedAllowText({ ...flag, sessionFields: [], anonymous: false })).toBe('passes only because payload.targetUserId is undefined')
    expect(undefinedAllowText({ ...flag, payloadFields: ['a', 'b'], anonymous: false })).toBe('passes only because payload.a, payload.b and session.id are all undefined')
  })

  it('groups consecutive columns by component', () => {
    expect(columnGroups([
      { key: 'A#mount', component: 'A', kind: 'mount' }, { key: 'A.x', component: 'A', kind: 'action', action: 'x' }, { key: 'B#mount', component: 'B', kind: 'mount' },
    ])).toEqual([{ component: 'A', span: 2 }, { component: 'B', span: 1 }])
  })

  it('summarises flips and the components and actions that came and went', () => {
    const none = { addedComponents: [], removedComponents: [], addedActions: [], removedActions: [] }
    expect(changeSummary({ previousVersion: null, flips: [], changes: null })).toBeUndefined()
    expect(changeSummary({ previousVersion: 3, flips: [], changes: none })).toBe('0 cells flipped since version 3')
    expect(changeSummary({
      previousVersion: 3,
      flips: [
        { persona: 'a', key: 'A#mount', change: 'narrowed', before: 'allow', after: 'deny' },
        { persona: 'a', key: 'A.x', change: 'narrowed', before: 'allow', after: 'unreachable' },
        { persona: 'b', key: 'A.x', change: 'widened', before: 'unreachable', after: 'allow' },
      ],
      changes: { ...none, removedComponents: ['LiveChat', 'AdminPanel', 'ProDashboard', 'ContentEditor'], addedActions: ['A.y'] },
    })).toBe('3 cells flipped (1 widened, 2 narrowed), 4 components removed (LiveChat, AdminPanel, ProDashboard and 1 more), 1 action added (A.y) since version 3')
  })

  it('counts cells by status and the suspect allows', () => {
    expect(tally({ cells: [[cell, allowAction({ undefinedAllow: flag })], [allowAction({ unreachable: {}, undefinedAllow: flag }), allowAction()]] }))
      .toEqual({ allow: 2, deny: 1, unreachable: 1, suspect: 2 })
  })

  it('collects the payload fields a column is known to read, and builds a payload naming them', () => {
    const read = allowAction({ decision: { ...decision, trace: [authorizeStep(['ownerId'])] } })
    const probed = allowAction({ undefinedAllow: flag, decision: { ...decision, trace: [authorizeStep()] } })
    expect(fieldsReadIn({ cells: [[cell, read], [cell, probed]] }, 1)).toEqual(['ownerId', 'targetUserId'])
    expect(fieldsReadIn({ cells: [[cell, read]] }, 0)).toEqual([])
    expect(payloadTemplate(['targetUserId'], undefined)).toEqual({ targetUserId: '' })
    expect(payloadTemplate(['targetUserId', 'b'], { targetUserId: 'u-admin' })).toEqual({ targetUserId: 'u-admin', b: '' })
    expect(payloadTemplate(['a'], [1])).toEqual({ a: '' })
  })
})
