/** Each authorize function is located in the workspace source, so trace steps can link to it. */
import { describe, expect, it } from 'vitest'
import { decideAction, decideMount } from '@/lib/auth'
import { loadWorkspace } from '@/lib/sandbox'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { user } from './helpers'

const API = "import { LiveComponent } from '@fluxstack/live'\n"

describe('authorize locations', { timeout: 30_000 }, () => {
  it('the demo: inline functions in their class, factory and shared rules in auth/rules.ts', async () => {
    const ws = await loadWorkspace(readDemoWorkspace())
    try {
      const spec = (name: string) => ws.components.find((c) => c.name === name)
      expect(spec('ProDashboard')?.auth?.authorizeAt).toEqual({ file: 'components/pro-dashboard.ts', line: 18, column: 16 })
      expect(spec('ModerationPanel')?.actionAuth?.editProfile?.authorizeAt).toEqual({ file: 'components/moderation-panel.ts', line: 36, column: 18 })
      expect(spec('ModerationPanel')?.actionAuth?.adminDelete?.authorizeAt).toEqual({ file: 'components/moderation-panel.ts', line: 40, column: 18 })
      // ownerOnly('targetUserId') builds its function in auth/rules.ts.
      expect(spec('LiveAdminPanel')?.actionAuth?.delete?.authorizeAt).toEqual({ file: 'auth/rules.ts', line: 20, column: 14 })
      expect(spec('AdminPanel')?.auth?.authorizeAt).toBeUndefined()
    } finally {
      ws.dispose()
    }
  })

  it('two identical functions in one file: each component gets its own', async () => {
    const same = '(auth) => auth.hasRole("x")'
    const ws = await loadWorkspace({
      'components/a.ts': `${API}export class A extends LiveComponent {\n  static auth = { authorize: ${same} }\n}\nexport class B extends LiveComponent {\n  static publicActions = ['go']\n  static actionAuth = {\n    stop: { authorize: ${same} },\n    go: { authorize: ${same} },\n  }\n  go() {}\n}\n`,
    })
    try {
      const b = ws.components.find((c) => c.name === 'B')
      expect(ws.components.find((c) => c.name === 'A')?.auth?.authorizeAt).toEqual({ file: 'components/a.ts', line: 3, column: 30 })
      expect(b?.actionAuth?.stop?.authorizeAt?.line).toBe(8)
      expect(b?.actionAuth?.go?.authorizeAt?.line).toBe(9)
    } finally {
      ws.dispose()
    }
  })

  it('a function without source text (bound) has no location, and nothing breaks', async () => {
    const ws = await loadWorkspace({ 'components/a.ts': `${API}function deny() { return false }\nexport class A extends LiveComponent {\n  static auth = { authorize: deny.bind(null) }\n}\n` })
    try {
      const a = ws.components.find((c) => c.name === 'A')
      expect(a?.auth?.authorize).toBeDefined()
      expect(a?.auth?.authorizeAt).toBeUndefined()
    } finally {
      ws.dispose()
    }
  })

  it('the trace step of a denying or failing authorize carries its location', async () => {
    const ws = await loadWorkspace({
      'components/a.ts': `${API}export class A extends LiveComponent {\n  static publicActions = ['go']\n  static auth = {\n    authorize: () => false,\n  }\n  static actionAuth = {\n    go: { authorize: () => { throw new Error('boom') } },\n  }\n  go() {}\n}\n`,
    })
    try {
      const a = ws.components.find((c) => c.name === 'A')
      if (!a) throw new Error('A not loaded')
      const mount = await decideMount({ component: a, auth: user() })
      expect(mount.trace.find((s) => s.layer === 'auth.authorize')).toMatchObject({ outcome: 'deny', source: { file: 'components/a.ts', line: 5, column: 16 } })
      const action = await decideAction({ component: a, action: 'go', auth: user(), payload: {} })
      expect(action.trace.find((s) => s.layer === 'actionAuth.authorize')).toMatchObject({ outcome: 'error', source: { file: 'components/a.ts', line: 8, column: 22 } })
      // Layers that run no developer code have no location.
      expect(mount.trace.filter((s) => s.source !== undefined).map((s) => s.layer)).toEqual(['auth.authorize'])
    } finally {
      ws.dispose()
    }
  })
})
