/**
 * A disposed workspace version must refuse calls (ERR_SANDBOX_DISPOSED) and
 * never leave a caller waiting, even after the worker it lived on was replaced
 * by the watchdog. One worker, so both versions below share it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthContext } from '@/lib/auth/context'
import { closeSandboxPool, loadWorkspace, sandboxPool } from '@/lib/sandbox'
import { attempt, authorizeOf, ruleWorkspace, user } from './helpers'

/** Settles with `value`, or with 'no answer' after `ms`: a hang fails the test instead of timing it out. */
const within = <T>(promise: Promise<T>, ms = 2000): Promise<T | 'no answer'> =>
  Promise.race([promise, new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), ms))])

// The exact message is pinned in limits.test.ts; here, what matters is that an answer comes.
const DISPOSED = { thrown: 'SandboxError', code: 'ERR_SANDBOX_DISPOSED' }

describe('a disposed workspace version', () => {
  const saved = process.env.STUDIO_SANDBOX_WORKERS
  beforeAll(() => {
    closeSandboxPool()
    process.env.STUDIO_SANDBOX_WORKERS = '1'
  })
  afterAll(() => {
    closeSandboxPool()
    if (saved === undefined) delete process.env.STUDIO_SANDBOX_WORKERS
    else process.env.STUDIO_SANDBOX_WORKERS = saved
  })

  it('refuses calls, and still answers them after its worker was replaced', async () => {
    const gone = await loadWorkspace(ruleWorkspace({ Probe: '() => 1' }, {
      'components/panel.ts': "import { LiveComponent } from '@fluxstack/live'\nexport class Panel extends LiveComponent { static publicActions = ['noop'] as const\n  noop() { return 1 } }\n",
    }))
    const other = await loadWorkspace(ruleWorkspace({ Slow: '() => (10n ** 300000n).toString().length > 0', Ok: '() => 2' }), { deadlineMs: 50 })
    expect(sandboxPool().workerCount).toBe(1)
    const created = await gone.createInstance('Panel', { id: 'Panel-1', auth: { authenticated: false } })
    if (!created.ok) throw new Error(created.error)
    const probe = authorizeOf(gone, 'Probe')
    expect(await attempt(probe, user())).toBe(1)

    gone.dispose()
    expect(await within(attempt(probe, user()))).toMatchObject(DISPOSED)

    // Another version's call overruns inside a built-in: the watchdog replaces the shared worker.
    const replacements = sandboxPool().replacements
    expect(await attempt(authorizeOf(other, 'Slow'), createAuthContext({ id: 'u' }))).toMatchObject({ code: 'ERR_SANDBOX_TIMEOUT' })
    expect(sandboxPool().replacements).toBe(replacements + 1)
    expect(await attempt(authorizeOf(other, 'Ok'), user())).toBe(2)

    // The disposed version is not on the new worker; its callers get an answer, not a promise that never settles.
    expect(await within(attempt(probe, user()))).toMatchObject(DISPOSED)
    expect(await within(created.instance.callAction('noop', undefined, { connectionId: 'c', auth: { authenticated: false } }))).toMatchObject({ ok: false, code: 'ERR_SANDBOX_DISPOSED' })
    expect(await within(gone.ready().then(() => 'ready'))).toBe('ready')
    other.dispose()
  }, 30_000)
})
