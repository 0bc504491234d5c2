import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GET as getDecision } from '@/app/api/decisions/[id]/route'
import { GET as facets } from '@/app/api/decisions/facets/route'
import { GET as listDecisions } from '@/app/api/decisions/route'
import { GET as metrics } from '@/app/api/metrics/route'
import { decisionPageSchema } from '@/lib/api/decisions'
import { metricsSchema } from '@/lib/api/metrics'
import type { DecisionInput, ObservedAnswer } from '@/lib/store/model/decision'
import { LiveClient, personaToken, startHarness, type Harness } from './helpers/live-harness'

/**
 * Decisions observed on an upstream (written through the store API, as the recording
 * proxy writes them) read back the way /traces and the Overview read them.
 */
let h: Harness
let client: LiveClient | undefined

const url = (path: string) => new Request(`http://studio.local${path}`)
const page = async (path: string) => decisionPageSchema.parse(await (await listDecisions(url(path))).json())

const DENIAL = 'Insufficient roles. Required one of: admin, moderator'
const predicted = { verdict: 'deny' as const, reason: DENIAL, decidedBy: 'auth.roles', wireText: `AUTH_DENIED: ${DENIAL}` }
const mismatch: ObservedAnswer = { answer: { ok: true }, predicted, agreement: 'disagree', note: `The server allowed it; the studio predicts a denial: AUTH_DENIED: ${DENIAL}` }
const agree: ObservedAnswer = { answer: { ok: false, error: `AUTH_DENIED: ${DENIAL}` }, predicted, agreement: 'agree', note: 'Both deny, with the same answer.' }

function observed(at: number, verdict: 'allow' | 'deny', answer: ObservedAnswer): DecisionInput {
  return {
    at, kind: 'mount', verdict, component: 'AdminPanel', persona: 'free-user', sessionId: 'u-free', profile: 'documented', durationUs: 30,
    trace: [{ layer: 'auth.roles', outcome: 'deny', reason: DENIAL, inputs: {}, durationUs: 10 }], auth: { authenticated: true, session: { id: 'u-free' } },
    source: 'shop', observed: answer, mismatch: answer.agreement === 'disagree', ...(verdict === 'deny' ? { reason: `AUTH_DENIED: ${DENIAL}` } : {}),
  }
}

beforeAll(async () => {
  h = await startHarness()
  // One decision of the studio's own server, over a real socket.
  client = await LiveClient.open(h.wsUrl)
  expect((await client.auth(await personaToken(h.server, 'free-user'))).success).toBe(true)
  const now = Date.now()
  h.server.decisions.append(observed(now - 2000, 'deny', agree))
  h.server.decisions.append(observed(now - 1000, 'allow', mismatch))
  await h.server.decisions.flush()
})

afterAll(async () => {
  client?.close()
  await h.close()
})

describe('observed decisions through the decision API', () => {
  it('source=shop lists the upstream rows, source=studio the studio rows, mismatch=1 the disagreement', async () => {
    const shop = await page('/api/decisions?source=shop&total=1')
    expect(shop.total).toBe(2)
    expect(shop.rows.map((r) => [r.source, r.verdict, r.mismatch ?? false])).toEqual([['shop', 'allow', true], ['shop', 'deny', false]])
    const studio = await page('/api/decisions?source=studio')
    expect(studio.rows.length).toBeGreaterThan(0)
    expect(studio.rows.every((r) => r.source === undefined)).toBe(true)
    const mismatches = await page('/api/decisions?mismatch=1')
    expect(mismatches.rows.map((r) => [r.source, r.verdict])).toEqual([['shop', 'allow']])
  })

  it('a row opens with the upstream answer and the prediction', async () => {
    const [row] = (await page('/api/decisions?mismatch=1')).rows
    const res = await getDecision(url(`/api/decisions/${row?.id}`), { params: Promise.resolve({ id: String(row?.id) }) })
    const { decision } = (await res.json()) as { decision: { source: string; observed: ObservedAnswer } }
    expect(decision.source).toBe('shop')
    expect(decision.observed).toEqual(mismatch)
  })

  it('the source filter is offered every upstream seen', async () => {
    const body = (await (await facets()).json()) as { sources: string[] }
    expect(body.sources).toEqual(['shop'])
  })

  it("the Overview's figures per source: the studio first, then the upstream with its deny and mismatch counts", async () => {
    const body = metricsSchema.parse(await (await metrics(url('/api/metrics'))).json())
    expect(body.sources[0]).toMatchObject({ source: 'studio', configured: false })
    expect(body.sources[0]?.decisions).toBeGreaterThan(0)
    expect(body.sources.find((s) => s.source === 'shop')).toMatchObject({ configured: false, decisions: 2, deny: 1, mismatches: 1 })
  })
})
