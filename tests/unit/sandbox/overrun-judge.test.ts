/**
 * The watchdog's judgement: a worker past its deadline plus grace is stopped
 * when it used its CPU allowance (stuck in a built-in), not when the machine
 * simply gave it no CPU (starved); a starved one is stopped at the cap anyway.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { createAuthContext } from '@/lib/auth/context'
import type { LiveAuthContext } from '@/lib/auth/types'
import { closeSandboxPool, loadWorkspace } from '@/lib/sandbox'
import { OverrunJudge, type Running } from '@/lib/sandbox/worker/overrun-judge'
import { SandboxPool } from '@/lib/sandbox/worker/pool'
import { currentThreadId, threadCpuMs } from '@/lib/sandbox/worker/thread-cpu'

describe('OverrunJudge', () => {
  const key = {}
  const running = (until: number, id = 7): Running => ({ id, until })

  it('never stops a request before its deadline plus grace', () => {
    const judge = new OverrunJudge()
    expect(judge.judge(key, running(1150), 1000, () => 0)).toBe(false)
    expect(judge.judge(key, running(1150), 1010, () => 10)).toBe(false)
    expect(judge.judge(key, running(1150), 1150, () => 150)).toBe(false)
  })

  it('stops a request past it that used its whole CPU allowance (stuck in a built-in)', () => {
    const judge = new OverrunJudge()
    judge.judge(key, running(1150), 1000, () => 0)
    judge.judge(key, running(1150), 1010, () => 10) // CPU sampled: 10 ms at t=1010, allowance 140 ms
    expect(judge.judge(key, running(1150), 1160, () => 150)).toBe(true)
  })

  it('gives a starved request (little CPU since it started) more time, up to the cap', () => {
    const judge = new OverrunJudge(2000)
    judge.judge(key, running(1150), 1000, () => 0)
    judge.judge(key, running(1150), 1010, () => 0)
    expect(judge.judge(key, running(1150), 1160, () => 20)).toBe(false)
    expect(judge.judge(key, running(1150), 2500, () => 120)).toBe(false)
    // It got its CPU at last and still runs: stopped.
    expect(judge.judge(key, running(1150), 2600, () => 140)).toBe(true)
    // Never any CPU: stopped at the cap.
    const other = {}
    judge.judge(other, running(1150), 1000, () => 0)
    judge.judge(other, running(1150), 1010, () => 0)
    expect(judge.judge(other, running(1150), 3149, () => 0)).toBe(false)
    expect(judge.judge(other, running(1150), 3150, () => 0)).toBe(true)
  })

  it('without CPU figures the clock alone decides, as before', () => {
    const judge = new OverrunJudge()
    judge.judge(key, running(1150), 1000, () => undefined)
    judge.judge(key, running(1150), 1010, () => undefined)
    expect(judge.judge(key, running(1150), 1151, () => undefined)).toBe(true)
  })

  it('a new request on the same worker starts a new watch', () => {
    const judge = new OverrunJudge()
    judge.judge(key, running(1150, 1), 1000, () => 0)
    judge.judge(key, running(1150, 1), 1010, () => 0)
    judge.judge(key, running(1300, 2), 1100, () => 100)
    judge.judge(key, running(1300, 2), 1110, () => 100)
    // Request 2 used 60 ms of CPU since its watch began (allowance 190 ms): starved, kept.
    expect(judge.judge(key, running(1300, 2), 1310, () => 160)).toBe(false)
  })
})

describe('thread CPU figures (Linux)', () => {
  it.runIf(process.platform === 'linux')('reads the CPU a thread of this process used', () => {
    const tid = currentThreadId()
    expect(tid).toBeGreaterThan(0)
    const before = threadCpuMs(tid) ?? Number.NaN
    // Busy until the reader shows 40 ms more (a loaded machine may give this thread little CPU), at most 10 s.
    const end = performance.now() + 10_000
    let x = 0
    while (performance.now() < end && (threadCpuMs(tid) ?? 0) - before < 40) for (let i = 0; i < 100_000; i++) x += Math.sqrt(x + 1)
    expect(x).toBeGreaterThan(0)
    expect((threadCpuMs(tid) ?? 0) - before).toBeGreaterThanOrEqual(40)
    expect(threadCpuMs(0)).toBeUndefined()
  })
})

const SLOW = `import { LiveComponent } from '@fluxstack/live'
export class SlowGate extends LiveComponent {
  static componentName = 'SlowGate'
  static auth = { authorize: () => (10n ** 300000n).toString().length > 0 }
}
`

/** A judge that sees a worker which never gets any CPU (a machine busy with other work). */
class StarvedView extends OverrunJudge {
  override judge(key: object, running: Running, now: number): boolean {
    return super.judge(key, running, now, () => 0)
  }
}

describe('a starved worker is not stopped at its deadline', () => {
  const SLOT = Symbol.for('live-auth-studio.sandbox-pool')
  afterAll(() => closeSandboxPool())

  it('the call is stopped at the cap, not at deadline + grace, and says how long it ran', async () => {
    closeSandboxPool()
    ;(globalThis as Record<symbol, unknown>)[SLOT] = new SandboxPool({ workers: 1, graceMs: 100, judge: new StarvedView(700) })
    const ws = await loadWorkspace({ 'components/slow.ts': SLOW }, { deadlineMs: 50 })
    type GuestRule = (auth: LiveAuthContext) => Promise<unknown>
    const rule = ws.components.find((c) => c.name === 'SlowGate')!.auth!.authorize! as GuestRule
    const started = performance.now()
    const failure = await rule(createAuthContext({ id: 'u-1' })).then(() => 'allowed', (e: { code?: string; message?: string }) => e)
    const elapsed = performance.now() - started
    expect(failure).toMatchObject({ code: 'ERR_SANDBOX_TIMEOUT' })
    // 50 ms deadline + 100 ms grace + the 700 ms cap for a starved worker.
    expect(elapsed).toBeGreaterThanOrEqual(800)
    const ran = Number(/stopped after (\d+) ms/.exec((failure as { message: string }).message)?.[1])
    expect(ran).toBeGreaterThanOrEqual(700)
    ws.dispose()
  }, 30_000)
})
