import { describe, expect, it } from 'vitest'
import { decideAction } from '@/lib/auth/action'
import { createAuthContext, trackReads } from '@/lib/auth/context'
import type { ComponentSpec, Decision, LiveAuthContext } from '@/lib/auth/types'

const shared = { permissions: ['reports.delete'] }
const Panel: ComponentSpec = {
  name: 'Panel', methods: ['a', 'b'], publicActions: ['a', 'b'],
  // One rule object under two action names: each keeps its own reason.
  actionAuth: { a: shared, b: shared },
}

const step = (d: Decision, layer: string) => d.trace.find((s) => s.layer === layer)

describe('memoized role and permission checks', () => {
  it('a stable context gets the same frozen result on every call', async () => {
    const auth = createAuthContext({ id: 'u1', permissions: ['reports.delete'] })
    const first = await decideAction({ component: Panel, action: 'a', auth })
    const second = await decideAction({ component: Panel, action: 'a', auth })
    const s1 = step(first, 'actionAuth.permissions')
    const s2 = step(second, 'actionAuth.permissions')
    expect(s1?.inputs).toBe(s2?.inputs)
    expect(Object.isFrozen(s1?.inputs)).toBe(true)
    expect(first.verdict).toBe('allow')
  })

  it('a rule shared by two actions names the right action in each denial', async () => {
    const auth = createAuthContext({ id: 'u2', permissions: [] })
    const a = await decideAction({ component: Panel, action: 'a', auth })
    const b = await decideAction({ component: Panel, action: 'b', auth })
    expect(a.reason).toContain("'a'")
    expect(b.reason).toContain("'b'")
  })

  it('another context with other claims is decided on its own claims', async () => {
    const allowed = createAuthContext({ id: 'u3', permissions: ['reports.delete'] })
    const denied = createAuthContext({ id: 'u3', permissions: ['reports.read'] })
    expect((await decideAction({ component: Panel, action: 'a', auth: allowed })).verdict).toBe('allow')
    expect((await decideAction({ component: Panel, action: 'a', auth: denied })).verdict).toBe('deny')
  })

  it('a read-tracking context is never memoized: every evaluation records its reads', async () => {
    const base = createAuthContext({ id: 'u4', permissions: ['reports.delete'] })
    await decideAction({ component: Panel, action: 'a', auth: base })
    const tracked = trackReads(base)
    await decideAction({ component: Panel, action: 'a', auth: tracked.ctx })
    expect(tracked.fieldsRead()).toContain('permissions')
  })

  it('a foreign context object (not made by lib/auth) is asked every time', async () => {
    let calls = 0
    const foreign: LiveAuthContext = {
      authenticated: true, session: { id: 'f', permissions: ['reports.delete'] },
      hasRole: () => false, hasAnyRole: () => false, hasAllRoles: () => false, hasPermission: () => true,
      hasAnyPermission: () => true, hasAllPermissions: () => ++calls > 0,
    }
    await decideAction({ component: Panel, action: 'a', auth: foreign })
    await decideAction({ component: Panel, action: 'a', auth: foreign })
    expect(calls).toBe(2)
  })
})
