import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareProfiles } from '@/lib/rules/profile-diff'
import { loadWorkspace } from '@/lib/sandbox'
import type { LoadedWorkspace } from '@/lib/sandbox/types'
import { readDemoWorkspace } from '@/lib/workspace/demo'
import { DEMO_PERSONAS } from '@/lib/workspace/personas'
import { PANEL, nativeInputs, workspaceInputs } from './fixtures'

describe('compareProfiles (native specs)', () => {
  // 'hidden' has an actionAuth entry but is not in publicActions: the two orders decide it by different layers.
  const panel = { ...PANEL, methods: ['view', 'purge', 'hidden'], actionAuth: { ...PANEL.actionAuth, hidden: { roles: ['admin'] } } }
  const inputs = { ...nativeInputs, components: [panel] }

  it('asks every matrix column and every unlisted actionAuth entry, and lists only what differs', async () => {
    const r = await compareProfiles(inputs, 'documented', 'fluxstack-live@0.11')
    expect(r).toMatchObject({ from: 'documented', to: 'fluxstack-live@0.11', compared: 3 * 4 })
    expect(r.changes.map((c) => [c.persona, `${c.component}.${c.action ?? 'mount'}`, c.listed, c.before.decidedBy, c.after.decidedBy, c.after.verdict])).toEqual([
      ['user', 'Panel.hidden', false, 'publicActions', 'actionAuth.roles', 'deny'],
      ['anonymous', 'Panel.hidden', false, 'publicActions', 'actionAuth.roles', 'deny'],
    ])
    expect(r.changes[1]?.unreachable).toMatchObject({ decidedBy: 'auth.required' })
    expect(r.changes[0]?.unreachable).toBeUndefined()
    expect(r.changes[0]?.after.reason).toBe("Insufficient roles for action 'hidden'. Required one of: admin")
  })

  it('is symmetric and empty when comparing a profile with itself', async () => {
    const back = await compareProfiles(inputs, 'fluxstack-live@0.11', 'documented')
    expect(back.changes.map((c) => [c.persona, c.before.decidedBy, c.after.decidedBy])).toEqual([
      ['user', 'actionAuth.roles', 'publicActions'], ['anonymous', 'actionAuth.roles', 'publicActions'],
    ])
    expect((await compareProfiles(inputs, 'documented', 'documented')).changes).toEqual([])
  })

  it('passes the column payloads to the actions it asks', async () => {
    const seen: unknown[] = []
    const spy = { ...panel, actionAuth: { hidden: { authorize: (_a: unknown, p: unknown) => { seen.push(p); return true } } } }
    await compareProfiles({ ...nativeInputs, personas: nativeInputs.personas.slice(0, 1), components: [spy] }, 'documented', 'fluxstack-live@0.11', { payloads: { 'Panel.hidden': { id: 7 } } })
    // The documented order stops at publicActions before authorize; the library's runs it with the payload.
    expect(seen).toEqual([{ id: 7 }])
  })
})

describe('compareProfiles on the demo workspace', () => {
  let ws: LoadedWorkspace
  beforeAll(async () => { ws = await loadWorkspace(readDemoWorkspace()) }, 60_000)
  afterAll(() => ws?.dispose())

  it('changes who decides ModerationPanel.editProfile and adminDelete, and no verdict', async () => {
    const r = await compareProfiles(workspaceInputs(ws, DEMO_PERSONAS), 'documented', 'fluxstack-live@0.11')
    expect(r.compared).toBe(DEMO_PERSONAS.length * 19)
    expect(r.changes.every((c) => c.before.verdict === c.after.verdict && !c.listed && c.component === 'ModerationPanel')).toBe(true)
    expect(r.changes.filter((c) => c.action === 'editProfile').map((c) => c.persona)).toEqual(['admin', 'moderator', 'pro-user', 'free-user', 'bot', 'device'])
    expect(r.changes.filter((c) => c.action === 'adminDelete').map((c) => [c.persona, c.after.decidedBy])).toEqual([
      ['moderator', 'actionAuth.roles'], ['pro-user', 'actionAuth.roles'], ['free-user', 'actionAuth.roles'], ['bot', 'actionAuth.roles'],
      ['device', 'actionAuth.roles'], ['anonymous', 'actionAuth.roles'],
    ])
    expect(r.changes.find((c) => c.persona === 'anonymous')?.unreachable).toMatchObject({ decidedBy: 'auth.required' })
  })
})
