import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildMatrix, cellStatus, matrixColumns } from '@/lib/rules/matrix'
import { diffMatrices, matrixDelta } from '@/lib/rules/matrix-diff'
import { upsertRuleExport } from '@/lib/rules/ts-edit'
import { loadWorkspace } from '@/lib/sandbox'
import type { LoadedWorkspace } from '@/lib/sandbox/types'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { DEMO_PERSONAS } from '@/lib/workspace/personas'
import { PANEL, nativeInputs, workspaceInputs } from './fixtures'

const statuses = (m: Awaited<ReturnType<typeof buildMatrix>>) => m.cells.map((row) => row.map(cellStatus))

describe('buildMatrix (native specs)', () => {
  it('has one column per mount and public action, one row per persona', async () => {
    const m = await buildMatrix(nativeInputs)
    expect(m.columns.map((c) => c.key)).toEqual(['Panel#mount', 'Panel.view', 'Panel.purge'])
    expect(m.personas).toEqual(['admin', 'user', 'anonymous'])
    expect(m.cells.map((row) => row.map((c) => c.verdict))).toEqual([
      ['allow', 'allow', 'allow'],
      ['allow', 'allow', 'deny'],
      ['deny', 'allow', 'deny'],
    ])
    const cell = m.cells[1]?.[2]
    expect([cell?.decidedBy, cell?.reason]).toEqual(['actionAuth.roles', "Insufficient roles for action 'purge'. Required one of: admin"])
    expect(cell?.decision.trace.map((s) => s.layer)).toContain('actionAuth.roles')
  })

  it('marks the actions of a persona who cannot mount the component unreachable, with the mount denial', async () => {
    const m = await buildMatrix(nativeInputs)
    expect(statuses(m)).toEqual([
      ['allow', 'allow', 'allow'],
      ['allow', 'allow', 'deny'],
      ['deny', 'unreachable', 'unreachable'],
    ])
    // The engine's verdict is kept (view would pass once mounted); the block says why it never is.
    expect(m.cells[2]?.[1]?.verdict).toBe('allow')
    expect(m.cells[2]?.[1]?.unreachable).toEqual({ decidedBy: 'auth.required', reason: m.cells[2]?.[0]?.reason })
    expect(m.cells[2]?.[0]?.unreachable).toBeUndefined()
  })

  it('lists no action columns for a component without publicActions', () => {
    expect(matrixColumns([{ ...PANEL, publicActions: undefined }]).map((c) => c.key)).toEqual(['Panel#mount'])
  })

  it('decides an action column with its payload and shows that payload on the column', async () => {
    const seen: unknown[] = []
    const panel = { ...PANEL, actionAuth: { view: { authorize: (_a: unknown, payload: unknown) => { seen.push(payload); return true } } } }
    const m = await buildMatrix({ ...nativeInputs, personas: nativeInputs.personas.slice(0, 1), components: [panel] }, { payloads: { 'Panel.view': { page: 2 }, 'Panel#mount': { ignored: true } } })
    expect(m.columns.map((c) => c.payload)).toEqual([undefined, { page: 2 }, undefined])
    expect(seen).toEqual([{ page: 2 }])
  })
})

describe('undefined allows', () => {
  // The seed's ownerOnly: `auth.session?.id === payload?.[field]`.
  const owner = {
    name: 'Owned', publicActions: ['delete', 'open'], methods: ['delete', 'open'],
    actionAuth: {
      delete: { authorize: (auth: { session?: { id?: string } }, payload: unknown) => auth.session?.id === (payload as Record<string, unknown> | undefined)?.['targetUserId'] },
      open: { authorize: () => true },
    },
  }
  const inputs = { ...nativeInputs, components: [owner] }

  it('flags an allow that only holds because the payload field and the session id are both undefined', async () => {
    const m = await buildMatrix(inputs)
    const anonymous = m.cells[2]?.[1]
    expect(anonymous?.verdict).toBe('allow')
    expect(anonymous?.undefinedAllow).toMatchObject({ payloadFields: ['targetUserId'], sessionFields: ['id'], anonymous: true })
    expect(anonymous?.undefinedAllow?.probe.payload).toEqual({ targetUserId: '«studio probe»' })
    expect(anonymous?.undefinedAllow?.probe.decidedBy).toBe('actionAuth.authorize')
    // Signed-in personas are denied (their id is not undefined): nothing to flag.
    expect(m.cells[0]?.[1]?.verdict).toBe('deny')
    expect(m.cells[0]?.[1]?.undefinedAllow).toBeUndefined()
  })

  it('does not flag an allow that does not depend on the payload, nor one whose payload names the field', async () => {
    const m = await buildMatrix(inputs, { payloads: { 'Owned.delete': { targetUserId: 'u1' } } })
    expect(m.cells[0]?.[1]).toMatchObject({ verdict: 'allow' })
    expect(m.cells[0]?.[1]?.undefinedAllow).toBeUndefined()
    expect(m.cells.map((row) => row[2]?.undefinedAllow)).toEqual([undefined, undefined, undefined])
  })

  it('still flags an anonymous allow when the payload given lacks the field the rule compares', async () => {
    const m = await buildMatrix(inputs, { payloads: { 'Owned.delete': { other: 1 } } })
    expect(m.cells[2]?.[1]?.undefinedAllow).toMatchObject({ payloadFields: ['targetUserId'], anonymous: true })
    expect(m.cells[2]?.[1]?.undefinedAllow?.probe.payload).toEqual({ other: 1, targetUserId: '«studio probe»' })
  })
})

describe('diffMatrices and matrixDelta', () => {
  it('reports narrowing and widening per cell', async () => {
    const before = await buildMatrix(nativeInputs)
    const after = await buildMatrix({ ...nativeInputs, components: [{ ...PANEL, auth: { roles: ['user'] }, actionAuth: {} }] })
    // The admin loses the mount, so both actions too; anonymous's purge was unreachable and stays so: no flip.
    expect(diffMatrices(before, after).map((f) => [f.persona, f.column.key, f.change, cellStatus(f.before), cellStatus(f.after)])).toEqual([
      ['admin', 'Panel#mount', 'narrowed', 'allow', 'deny'],
      ['admin', 'Panel.view', 'narrowed', 'allow', 'unreachable'],
      ['admin', 'Panel.purge', 'narrowed', 'allow', 'unreachable'],
      ['user', 'Panel.purge', 'widened', 'deny', 'allow'],
    ])
  })

  it('counts a cell that becomes unreachable as narrowed, and deny <-> unreachable as no flip', async () => {
    const before = await buildMatrix(nativeInputs)
    const after = await buildMatrix({ ...nativeInputs, components: [{ ...PANEL, auth: { required: true, roles: ['admin'] } }] })
    expect(diffMatrices(before, after).map((f) => [f.persona, f.column.key, f.change, cellStatus(f.after)])).toEqual([
      ['user', 'Panel#mount', 'narrowed', 'deny'],
      ['user', 'Panel.view', 'narrowed', 'unreachable'],
    ])
  })

  it('ignores personas and columns that only exist on one side, and names the components and actions that came and went', async () => {
    const before = await buildMatrix(nativeInputs)
    const after = await buildMatrix({
      ...nativeInputs, personas: nativeInputs.personas.slice(0, 1),
      components: [{ ...PANEL, publicActions: ['view', 'archive'] }, { ...PANEL, name: 'Other' }],
    })
    const delta = matrixDelta(before, after)
    expect(delta.flips).toEqual([])
    expect(delta).toMatchObject({ addedComponents: ['Other'], removedComponents: [], addedActions: ['Panel.archive'], removedActions: ['Panel.purge'] })
    expect(matrixDelta(after, before)).toMatchObject({ addedComponents: [], removedComponents: ['Other'], addedActions: ['Panel.purge'], removedActions: ['Panel.archive'] })
  })
})

describe('the demo workspace', () => {
  const files = readDemoWorkspace()
  let before: LoadedWorkspace
  let after: LoadedWorkspace
  beforeAll(async () => {
    const rules = upsertRuleExport(files['auth/rules.ts'] ?? '', 'adminOnly',
      "export const adminOnly: LiveComponentAuth = { required: true, roles: ['admin', 'premium'] }")
    ;[before, after] = await Promise.all([loadWorkspace(files), loadWorkspace({ ...files, 'auth/rules.ts': rules })])
  }, 60_000)
  afterAll(() => { before?.dispose(); after?.dispose() })

  it('flips LiveAdminPanel#mount for pro-user (premium) and nothing else', async () => {
    const m1 = await buildMatrix(workspaceInputs(before, DEMO_PERSONAS))
    const m2 = await buildMatrix(workspaceInputs(after, DEMO_PERSONAS))
    expect(m1.cells.length).toBe(7)
    expect(diffMatrices(m1, m2).map((f) => [f.persona, f.column.key, f.change, f.before.reason])).toEqual([
      ['pro-user', 'LiveAdminPanel#mount', 'widened', 'Insufficient roles. Required one of: admin'],
    ])
  })

  it('shows Anonymous unreachable on LiveAdminPanel.delete and AdminPanel.deleteUser, and flags ownerOnly passing on undefined ids', async () => {
    const m = await buildMatrix(workspaceInputs(before, DEMO_PERSONAS))
    const row = m.personas.indexOf('anonymous')
    const at = (key: string) => m.cells[row]?.[m.columns.findIndex((c) => c.key === key)]
    expect(cellStatus(at('LiveAdminPanel.delete')!)).toBe('unreachable')
    expect(cellStatus(at('AdminPanel.deleteUser')!)).toBe('unreachable')
    expect(at('LiveAdminPanel.delete')?.undefinedAllow).toMatchObject({ payloadFields: ['targetUserId'], sessionFields: ['id'], anonymous: true })
    // The rule reads the session's id and nothing else: the trace says so (not every field of the session).
    const admin = m.cells[m.personas.indexOf('admin')]?.[m.columns.findIndex((c) => c.key === 'LiveAdminPanel.delete')]
    const step = admin?.decision.trace.find((s) => s.layer === 'actionAuth.authorize')
    expect(step?.inputs['sessionFieldsRead']).toEqual(['id'])
    expect(step?.inputs['payloadFieldsRead']).toBeUndefined()
    expect(admin?.decision.sessionFieldsRead).toEqual(['id'])
  })

  it('with a payload naming the admin, the admin may delete and nobody is flagged', async () => {
    const m = await buildMatrix(workspaceInputs(before, DEMO_PERSONAS), { payloads: { 'LiveAdminPanel.delete': { targetUserId: 'u-admin' } } })
    const col = m.columns.findIndex((c) => c.key === 'LiveAdminPanel.delete')
    expect(m.columns[col]?.payload).toEqual({ targetUserId: 'u-admin' })
    expect(m.personas.map((p, r) => [p, cellStatus(m.cells[r]![col]!)])).toEqual([
      ['admin', 'allow'], ['moderator', 'unreachable'], ['pro-user', 'unreachable'], ['free-user', 'unreachable'],
      ['bot', 'unreachable'], ['device', 'unreachable'], ['anonymous', 'unreachable'],
    ])
    expect(m.cells.flatMap((r) => (r[col]?.undefinedAllow ? [r] : []))).toEqual([])
    const step = m.cells[0]?.[col]?.decision.trace.find((s) => s.layer === 'actionAuth.authorize')
    expect(step?.inputs['payloadFieldsRead']).toEqual(['targetUserId'])
  })
})
