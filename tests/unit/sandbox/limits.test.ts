import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadWorkspace, warmUpSandbox } from '@/lib/sandbox'
import type { LoadedWorkspace } from '@/lib/sandbox/types'
import { attempt, authorizeOf, ruleWorkspace, user } from './helpers'

const RULES = {
  Loop: '() => { while (true) {} }',
  CatchLoop: '() => { try { while (true) {} } catch (e) { return true } }',
  Recurse: '() => { const f = (n) => f(n + 1) + 1; return f(0) }',
  Bomb: '() => { const a = []; for (;;) a.push(new Array(100000).fill(7)) }',
  Throw: "() => { throw new Error('rule exploded') }",
  ThrowString: "() => { throw 'plain string' }",
  Reject: "async () => { await null; throw new TypeError('async boom') }",
  Never: '() => new Promise(() => {})',
  Globals: "() => [typeof process, typeof require, typeof globalThis.fetch, typeof fetch, typeof setTimeout, typeof std, typeof os, typeof __filename].join(',')",
  ImportFs: "async () => { await import('fs'); return true }",
  ImportNodeFs: "async () => { await import('node:fs'); return true }",
  ImportHttp: "async () => { await import('http'); return true }",
  Pollute: '() => { Object.prototype.isAdmin = true; return true }',
  PolluteArray: '() => { Array.prototype.includes = () => true; return true }',
  PolluteGlobal: '() => { globalThis.isAdmin = true; return true }',
  PolluteApi: "(auth) => { Object.getPrototypeOf(auth).hasRole = () => true; return true }",
  ErrorSubclass: "() => { class MyErr extends Error { constructor(m) { super(m); this.name = 'MyErr' } }; throw new MyErr('custom') }",
  Probe: '(auth) => ({ isAdmin: ({}).isAdmin === true, includes: [].includes("x"), global: globalThis.isAdmin === true, role: auth.hasRole("admin"), id: auth.session?.id })',
}

const CLEAN = { isAdmin: false, includes: false, global: false, role: false, id: 'u-1' }

describe('sandbox limits: each failure is a clear outcome and the next call still works', () => {
  let ws: LoadedWorkspace
  let roomy: LoadedWorkspace
  beforeAll(async () => {
    // Starts the worker pool first, so no timing below includes its start-up.
    await warmUpSandbox()
    ws = await loadWorkspace(ruleWorkspace(RULES), { deadlineMs: 50 })
    // Filling 32 MiB takes longer than 50 ms on a busy machine: the memory cases get a deadline they cannot hit.
    roomy = await loadWorkspace(ruleWorkspace(RULES), { deadlineMs: 5000 })
  })
  afterAll(() => {
    ws.dispose()
    roomy.dispose()
  })

  it('Bomb -> ERR_SANDBOX_OUT_OF_MEMORY', async () => {
    expect(await attempt(authorizeOf(roomy, 'Bomb'), user())).toEqual({ thrown: 'SandboxError', code: 'ERR_SANDBOX_OUT_OF_MEMORY', message: 'Sandbox out of memory (limit 32 MiB)' })
    expect(await attempt(authorizeOf(roomy, 'Probe'), user())).toEqual(CLEAN)
  })

  const notAvailable = (m: string) =>
    `Module '${m}' is not available in the sandbox (imported by components/rules.ts). Workspace code may import relative workspace files, '@fluxstack/live' and '@core/server/live'.`

  it.each([
    ['Loop', 'ERR_SANDBOX_TIMEOUT', 'Sandbox call exceeded 50 ms deadline'],
    ['CatchLoop', 'ERR_SANDBOX_TIMEOUT', 'Sandbox call exceeded 50 ms deadline'],
    ['Recurse', 'ERR_SANDBOX_STACK_OVERFLOW', 'Sandbox stack overflow: recursion too deep'],
    ['Throw', 'ERR_SANDBOX_GUEST_THROW', 'rule exploded'],
    ['ThrowString', 'ERR_SANDBOX_GUEST_THROW', 'plain string'],
    ['Reject', 'ERR_SANDBOX_GUEST_THROW', 'async boom'],
    ['Never', 'ERR_SANDBOX_NEVER_SETTLED', 'Sandbox call returned a promise that never settles'],
    ['ImportFs', 'ERR_SANDBOX_GUEST_THROW', notAvailable('fs')],
    ['ImportNodeFs', 'ERR_SANDBOX_GUEST_THROW', notAvailable('node:fs')],
    ['ImportHttp', 'ERR_SANDBOX_GUEST_THROW', notAvailable('http')],
    ['Pollute', 'ERR_SANDBOX_GUEST_THROW', 'object is not extensible'],
    ['PolluteArray', 'ERR_SANDBOX_GUEST_THROW', "'includes' is read-only"],
    ['PolluteGlobal', 'ERR_SANDBOX_GUEST_THROW', 'object is not extensible'],
    ['PolluteApi', 'ERR_SANDBOX_GUEST_THROW', "'hasRole' is read-only"],
    ['ErrorSubclass', 'ERR_SANDBOX_GUEST_THROW', 'custom'],
  ])('%s -> %s', async (name, code, message) => {
    const out = await attempt(authorizeOf(ws, name), user())
    expect(out).toEqual({ thrown: 'SandboxError', code, message })
    expect(await attempt(authorizeOf(ws, 'Probe'), user())).toEqual(CLEAN)
  })

  it('the timeout fires close to the deadline', async () => {
    // Warm this exact path (the worker is up and this version's engine has run the rule).
    await attempt(authorizeOf(ws, 'Probe'), user())
    const t = performance.now()
    const out = await attempt(authorizeOf(ws, 'Loop'), user())
    const elapsed = performance.now() - t
    expect(out).toMatchObject({ code: 'ERR_SANDBOX_TIMEOUT' })
    expect(elapsed).toBeGreaterThanOrEqual(49)
    // The deadline plus a worker hop (message in, message out) and some scheduling slack.
    expect(elapsed).toBeLessThan(600)
  })

  it('host globals are unreachable', async () => {
    expect(await attempt(authorizeOf(ws, 'Globals'), user())).toBe('undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined')
  })

  it('out of memory rebuilds the engine transparently', async () => {
    const before = roomy.restarts
    expect(await attempt(authorizeOf(roomy, 'Bomb'), user())).toMatchObject({ code: 'ERR_SANDBOX_OUT_OF_MEMORY' })
    // The rebuild happens in the worker; the host counts it once it sees the new generation.
    await roomy.ready()
    expect(roomy.restarts).toBe(before + 1)
    expect(await attempt(authorizeOf(roomy, 'Probe'), user('u-2'))).toEqual({ ...CLEAN, id: 'u-2' })
  })
})

describe('configurable limits', () => {
  it.each([
    [10, 'Sandbox call exceeded 10 ms deadline'],
    [120, 'Sandbox call exceeded 120 ms deadline'],
  ])('deadlineMs %i', async (deadlineMs, message) => {
    const ws = await loadWorkspace(ruleWorkspace({ Loop: RULES.Loop }), { deadlineMs })
    expect(await attempt(authorizeOf(ws, 'Loop'), user())).toEqual({ thrown: 'SandboxError', code: 'ERR_SANDBOX_TIMEOUT', message })
    ws.dispose()
  })

  it('memoryBytes sets the fixed WebAssembly memory and the reported limit', async () => {
    const ws = await loadWorkspace(ruleWorkspace({ Bomb: RULES.Bomb }), { memoryBytes: 24 * 1024 * 1024, deadlineMs: 5000 })
    expect(ws.memoryBytes).toBe(24 * 1024 * 1024)
    expect(await attempt(authorizeOf(ws, 'Bomb'), user())).toEqual({
      thrown: 'SandboxError', code: 'ERR_SANDBOX_OUT_OF_MEMORY', message: 'Sandbox out of memory (limit 24 MiB)',
    })
    ws.dispose()
  })

  it('a disposed workspace refuses calls with ERR_SANDBOX_DISPOSED', async () => {
    const ws = await loadWorkspace(ruleWorkspace({ Probe: RULES.Probe }))
    ws.dispose()
    expect(await attempt(authorizeOf(ws, 'Probe'), user())).toEqual({
      thrown: 'SandboxError', code: 'ERR_SANDBOX_DISPOSED', message: 'This workspace version was disposed',
    })
  })
})
