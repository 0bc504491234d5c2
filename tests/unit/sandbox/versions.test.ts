import { describe, expect, it } from 'vitest'
import { createAuthContext } from '@/lib/auth/context'
import { loadWorkspace } from '@/lib/sandbox'
import { attempt, authorizeOf, ruleWorkspace } from './helpers'

describe('workspace versions', () => {
  it('loading a new version does not disturb calls on the old one', async () => {
    const auth = createAuthContext({ id: 'u-1', plan: 'pro' })
    const v1 = await loadWorkspace(ruleWorkspace({ Gate: "(auth) => auth.session?.plan === 'pro'" }), { version: 'v1' })
    const loadingV2 = loadWorkspace(ruleWorkspace({ Gate: "(auth) => auth.session?.plan === 'enterprise'" }), { version: 'v2' })
    // v1 keeps answering while v2 is being compiled and evaluated.
    const during = await Promise.all(Array.from({ length: 20 }, () => attempt(authorizeOf(v1, 'Gate'), auth)))
    const v2 = await loadingV2
    expect(during).toHaveLength(20)
    expect(during.every((r) => r === true)).toBe(true)
    expect(await attempt(authorizeOf(v1, 'Gate'), auth)).toBe(true)
    expect(await attempt(authorizeOf(v2, 'Gate'), auth)).toBe(false)
    v1.dispose()
    expect(await attempt(authorizeOf(v2, 'Gate'), auth)).toBe(false)
    expect([v1.version, v2.version]).toEqual(['v1', 'v2'])
    v2.dispose()
    // Two cold loads: on a busy machine they take longer than vitest's default 5 s.
  }, 30_000)

  it('a crash in one version does not touch another', async () => {
    const auth = createAuthContext({ id: 'u-1' })
    const a = await loadWorkspace(ruleWorkspace({ Bomb: '() => { const x = []; for (;;) x.push(new Array(100000).fill(7)) }', Ok: '() => 1' }), { deadlineMs: 5000 })
    const b = await loadWorkspace(ruleWorkspace({ Ok: '() => 2' }))
    expect(await attempt(authorizeOf(a, 'Bomb'), auth)).toMatchObject({ thrown: 'SandboxError', code: 'ERR_SANDBOX_OUT_OF_MEMORY' })
    // The rebuild happens in the worker; `restarts` follows once the host has seen the new generation.
    await a.ready()
    await b.ready()
    expect(a.restarts).toBe(1)
    expect(b.restarts).toBe(0)
    expect(await attempt(authorizeOf(b, 'Ok'), auth)).toBe(2)
    expect(b.restarts).toBe(0)
    expect(await attempt(authorizeOf(a, 'Ok'), auth)).toBe(1)
    a.dispose()
    b.dispose()
  })

  it('module state is compiled once per version and reused across calls', async () => {
    const files = {
      'data/counter.ts': 'export const counter = { n: 0 }\n',
      'components/c.ts': "import { LiveComponent } from '@fluxstack/live'\nimport { counter } from '../data/counter'\nexport class C extends LiveComponent { static auth = { authorize: () => ++counter.n } }\n",
    }
    const v = await loadWorkspace(files)
    const fn = authorizeOf(v, 'C')
    const auth = createAuthContext({ id: 'u' })
    // Awaited in order: each call sees the module state the previous one left.
    const seen: unknown[] = []
    for (let i = 0; i < 3; i++) seen.push(await fn(auth))
    expect(seen).toEqual([1, 2, 3])
    v.dispose()
  })
})
