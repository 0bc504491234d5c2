import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildMatrix, diffMatrices, matrixColumns } from '@/lib/rules/matrix'
import { upsertRuleExport } from '@/lib/rules/ts-edit'
import { loadWorkspace } from '@/lib/sandbox'
import type { LoadedWorkspace } from '@/lib/sandbox/types'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { DEMO_PERSONAS } from '@/lib/workspace/personas'
import { PANEL, nativeInputs, workspaceInputs } from './fixtures'

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

  it('lists no action columns for a component without publicActions', () => {
    expect(matrixColumns([{ ...PANEL, publicActions: undefined }]).map((c) => c.key)).toEqual(['Panel#mount'])
  })
})

describe('diffMatrices', () => {
  it('reports narrowing and widening per cell', async () => {
    const before = await buildMatrix(nativeInputs)
    const after = await buildMatrix({ ...nativeInputs, components: [{ ...PANEL, auth: { roles: ['user'] }, actionAuth: {} }] })
    expect(diffMatrices(before, after).map((f) => [f.persona, f.column.key, f.change])).toEqual([
      ['admin', 'Panel#mount', 'narrowed'],
      ['user', 'Panel.purge', 'widened'],
      ['anonymous', 'Panel.purge', 'widened'],
    ])
  })

  it('ignores personas and columns that only exist on one side', async () => {
    const before = await buildMatrix(nativeInputs)
    const after = await buildMatrix({ ...nativeInputs, personas: nativeInputs.personas.slice(0, 1), components: [{ ...PANEL, name: 'Other' }] })
    expect(diffMatrices(before, after)).toEqual([])
  })
})

describe('a rule edit in the demo workspace widens access for one persona only', () => {
  const files = readDemoWorkspace()
  let before: LoadedWorkspace
  let after: LoadedWorkspace
  beforeAll(async () => {
    const rules = upsertRuleExport(files['auth/rules.ts'] ?? '', 'adminOnly',
      "export const adminOnly: LiveComponentAuth = { required: true, roles: ['admin', 'premium'] }")
    ;[before, after] = await Promise.all([loadWorkspace(files), loadWorkspace({ ...files, 'auth/rules.ts': rules })])
  })
  afterAll(() => { before.dispose(); after.dispose() })

  it('flips LiveAdminPanel#mount for pro-user (premium) and nothing else', async () => {
    const m1 = await buildMatrix(workspaceInputs(before, DEMO_PERSONAS))
    const m2 = await buildMatrix(workspaceInputs(after, DEMO_PERSONAS))
    expect(m1.cells.length).toBe(7)
    expect(diffMatrices(m1, m2).map((f) => [f.persona, f.column.key, f.change, f.before.reason])).toEqual([
      ['pro-user', 'LiveAdminPanel#mount', 'widened', 'Insufficient roles. Required one of: admin'],
    ])
  })
})
