import { describe, expect, it } from 'vitest'
import { describeRequest, phaseOf, planSteps, problemOf, retryStep, retryView, startView, stepText, withStep, type LiveOpenRequest } from '@/components/live/autopilot-model'

const moderator: LiveOpenRequest = { persona: 'moderator', component: 'ModerationPanel', action: 'banUser', payload: '{"userId":"u-free"}' }
const texts = (request: LiveOpenRequest, view = startView(request)) => view.steps.map((s) => stepText(s, request))

describe('autopilot steps ("Open in live tester" in one go)', () => {
  it('plans connect, authenticate and mount; no mount step without a component', () => {
    expect(planSteps(moderator).map((s) => [s.id, s.status])).toEqual([['connect', 'pending'], ['auth', 'pending'], ['mount', 'pending']])
    expect(planSteps({ persona: 'admin' }).map((s) => s.id)).toEqual(['connect', 'auth'])
  })

  it('reads as the user expects, before, during and after', () => {
    expect(texts(moderator)).toEqual(['Connect', 'Authenticate as moderator', 'Mount ModerationPanel'])
    let view = withStep(startView(moderator), 'connect', 'running')
    expect(texts(moderator, view)[0]).toBe('Connecting…')
    view = withStep(withStep(view, 'connect', 'done'), 'auth', 'done', 'Authenticated as moderator')
    view = withStep(view, 'mount', 'done')
    expect(texts(moderator, view)).toEqual(['Connected', 'Authenticated as moderator', 'Mounted ModerationPanel'])
    expect(phaseOf(view)).toBe('done')
    expect(problemOf(view)).toBeUndefined()
  })

  it('says when a request stays anonymous', () => {
    const anonymous: LiveOpenRequest = { component: 'LiveChat' }
    expect(texts(anonymous)[1]).toBe('Stay anonymous')
    expect(stepText({ id: 'auth', status: 'skipped', detail: 'Anonymous: the link names no persona' }, anonymous)).toBe('Anonymous: the link names no persona')
  })

  it('a failure names its step and reason, stops the run as failed, and a retry starts there', () => {
    let view = withStep(startView(moderator), 'connect', 'done')
    view = withStep(view, 'auth', 'failed', 'could not mint a token for Moderator: The workspace has no signing key.')
    expect(phaseOf(view)).toBe('failed')
    expect(retryStep(view)).toBe('auth')
    expect(problemOf(view)?.text).toBe('Authentication as moderator failed: could not mint a token for Moderator: The workspace has no signing key.')
    const again = retryView(view, 'auth')
    expect(again.run).toBe(view.run + 1)
    expect(again.steps.map((s) => s.status)).toEqual(['done', 'pending', 'pending'])
    expect(phaseOf(again)).toBe('running')
    expect(retryStep(again)).toBeUndefined()
  })

  it('a refused mount is a denial (the decision being replayed), not a failure', () => {
    const view = withStep(withStep(withStep(startView(moderator), 'connect', 'done'), 'auth', 'done'), 'mount', 'denied', 'AUTH_DENIED: Insufficient roles. Required one of: admin')
    expect(phaseOf(view)).toBe('denied')
    expect(problemOf(view)?.text).toBe('Mount ModerationPanel denied: AUTH_DENIED: Insufficient roles. Required one of: admin')
    expect(retryStep(view)).toBe('mount')
  })

  it('describes what a request is about', () => {
    expect(describeRequest(moderator)).toBe('persona moderator · ModerationPanel.banUser')
    expect(describeRequest({ component: 'AdminPanel' })).toBe('anonymous · AdminPanel')
    expect(describeRequest({})).toBe('anonymous')
  })
})
