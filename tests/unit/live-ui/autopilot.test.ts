import { describe, expect, it } from 'vitest'
import { runAutopilot, type AutopilotDeps, type AutopilotTarget } from '@/components/live/autopilot'
import type { LiveOpenRequest, StepId, StepStatus } from '@/components/live/autopilot-model'
import type { ConnectionStatus, LiveResult, MountedComponent, AuthOutcome } from '@/lib/live/client'

/** A scripted connection: records what it was asked, answers as told. */
function fakeTarget(script: { connect?: LiveResult<void>; auth?: LiveResult<AuthOutcome>; mount?: LiveResult<MountedComponent>; status?: ConnectionStatus } = {}) {
  const calls: string[] = []
  let status: ConnectionStatus = script.status ?? 'idle'
  const target: AutopilotTarget = {
    status: () => status,
    closeExplanation: () => 'The connection dropped without a closing handshake: the server is unreachable.',
    async connect(url) {
      calls.push(`connect ${url}`)
      const result = script.connect ?? { ok: true, value: undefined }
      status = result.ok ? 'open' : 'closed'
      return result
    },
    async authenticate(token, source, persona) {
      calls.push(`auth ${token} (${source}${persona ? `, ${persona}` : ''})`)
      return script.auth ?? { ok: true, value: { authenticated: true, session: { id: 'u-moderator' } } }
    },
    async mount(component) {
      calls.push(`mount ${component}`)
      return script.mount ?? { ok: true, value: { handle: 'm1', component, componentId: 'c1', state: {} } }
    },
  }
  return { target, calls }
}

function deps(over: Partial<AutopilotDeps> = {}): AutopilotDeps & { minted: string[] } {
  const minted: string[] = []
  return {
    minted,
    liveUrl: () => 'ws://studio/api/live/ws',
    personas: async () => ({ ok: true, value: [
      { id: 'moderator', label: 'Moderator', claims: { sub: 'u-moderator' } },
      { id: 'anonymous', label: 'Anonymous', claims: null },
    ] }),
    mintToken: async (persona) => {
      minted.push(persona)
      return { ok: true, value: `token-for-${persona}` }
    },
    streamReady: async () => undefined,
    ...over,
  }
}

async function run(request: LiveOpenRequest, target: AutopilotTarget, d: AutopilotDeps, from?: StepId) {
  const reports: Array<[StepId, StepStatus, string | undefined]> = []
  await runAutopilot(target, request, d, (id, status, detail) => reports.push([id, status, detail]), () => false, from)
  return reports
}

const moderator: LiveOpenRequest = { persona: 'moderator', component: 'ModerationPanel', action: 'banUser' }

describe('runAutopilot', () => {
  it('connects to the built-in server, signs in with a token minted for the persona and mounts', async () => {
    const { target, calls } = fakeTarget()
    const d = deps()
    const reports = await run(moderator, target, d)
    expect(calls).toEqual(['connect ws://studio/api/live/ws', 'auth token-for-moderator (persona moderator, moderator)', 'mount ModerationPanel'])
    expect(d.minted).toEqual(['moderator'])
    expect(reports).toEqual([
      ['connect', 'running', undefined], ['connect', 'done', undefined],
      ['auth', 'running', undefined], ['auth', 'done', 'Authenticated as moderator'],
      ['mount', 'running', undefined], ['mount', 'done', undefined],
    ])
  })

  it('stops at a connect failure with the close explained; nothing else is tried', async () => {
    const { target, calls } = fakeTarget({ connect: { ok: false, code: 'CLOSED', error: 'Connection closed (1006)' } })
    const reports = await run(moderator, target, deps())
    expect(calls).toEqual(['connect ws://studio/api/live/ws'])
    expect(reports.at(-1)).toEqual(['connect', 'failed', 'The connection dropped without a closing handshake: the server is unreachable.'])
  })

  it('an unknown persona, a mint failure and an AUTH that does not sign in each stop at the auth step', async () => {
    const unknown = await run({ persona: 'ghost', component: 'AdminPanel' }, fakeTarget().target, deps())
    expect(unknown.at(-1)).toEqual(['auth', 'failed', 'the workspace has no persona “ghost” (renamed or deleted?)'])

    const noKey = await run(moderator, fakeTarget().target, deps({ mintToken: async () => ({ ok: false, error: 'The workspace has no signing key. Create one in the Token lab.' }) }))
    expect(noKey.at(-1)).toEqual(['auth', 'failed', 'could not mint a token for Moderator: The workspace has no signing key. Create one in the Token lab.'])

    const refused = fakeTarget({ auth: { ok: true, value: { authenticated: false, session: null, error: 'Token expired' } } })
    const reports = await run(moderator, refused.target, deps())
    expect(reports.at(-1)).toEqual(['auth', 'denied', 'the server answered AUTH without signing in (Token expired)'])
    expect(refused.calls.some((c) => c.startsWith('mount'))).toBe(false)
  })

  it('an anonymous persona or no persona sends no AUTH and still mounts', async () => {
    for (const request of [{ persona: 'anonymous', component: 'LiveChat' }, { component: 'LiveChat' }]) {
      const { target, calls } = fakeTarget()
      const reports = await run(request, target, deps())
      expect(calls).toEqual(['connect ws://studio/api/live/ws', 'mount LiveChat'])
      expect(reports.find(([id, status]) => id === 'auth' && status !== 'running')?.[1]).toBe('skipped')
    }
  })

  it('a refused mount is reported as denied with the server’s text; a timeout as failed', async () => {
    const denied = await run(moderator, fakeTarget({ mount: { ok: false, code: 'REJECTED', error: 'AUTH_DENIED: Insufficient roles' } }).target, deps())
    expect(denied.at(-1)).toEqual(['mount', 'denied', 'AUTH_DENIED: Insufficient roles'])
    const timeout = await run(moderator, fakeTarget({ mount: { ok: false, code: 'TIMEOUT', error: 'Request timeout after 8000ms' } }).target, deps())
    expect(timeout.at(-1)).toEqual(['mount', 'failed', 'Request timeout after 8000ms'])
  })

  it('a retry starts at the failed step when the socket is open, and at connect when it is not', async () => {
    const open = fakeTarget({ status: 'open' })
    await run(moderator, open.target, deps(), 'mount')
    expect(open.calls).toEqual(['mount ModerationPanel'])
    const closed = fakeTarget({ status: 'closed' })
    await run(moderator, closed.target, deps(), 'mount')
    expect(closed.calls.map((c) => c.split(' ')[0])).toEqual(['connect', 'auth', 'mount'])
  })

  it('waits for the decision stream before AUTH, and a superseded run stops reporting', async () => {
    const order: string[] = []
    const { target, calls } = fakeTarget()
    let stale = false
    const d = deps({ streamReady: async () => { order.push(`stream ready after ${calls.length} call(s)`); stale = true } })
    const reports: string[] = []
    await runAutopilot(target, moderator, d, (id, status) => reports.push(`${id} ${status}`), () => stale)
    expect(order).toEqual(['stream ready after 1 call(s)'])
    expect(calls).toEqual(['connect ws://studio/api/live/ws'])
    expect(reports).toEqual(['connect running', 'connect done', 'auth running'])
  })
})
