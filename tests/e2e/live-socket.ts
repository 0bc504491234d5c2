import { expect, type APIRequestContext } from '@playwright/test'
import WebSocket from 'ws'

type Frame = { type: string; requestId?: string; success?: boolean }

/**
 * A real socket to the studio's live endpoint that authenticates as `persona` (or with a token
 * signed for `{ claims }`) and mounts `component`; resolves with whether the mount was allowed.
 */
export async function mountOverSocket(request: APIRequestContext, baseURL: string, persona: string | { claims: Record<string, unknown> }, component: string): Promise<boolean> {
  const who = typeof persona === 'string' ? { persona } : { claims: persona.claims }
  const minted = await request.post('/api/tokens', { data: { ...who, profile: 'fluxstack', keyId: 'demo-hs256', expiresIn: '15m' } })
  expect(minted.ok()).toBe(true)
  const { token } = (await minted.json()) as { token: string }
  const ws = new WebSocket(`${baseURL.replace(/^http/, 'ws')}/api/live/ws`)
  const waiters: { id: string; resolve: (f: Frame) => void }[] = []
  ws.on('message', (data: WebSocket.RawData) => {
    const parsed = JSON.parse(data.toString()) as Frame | Frame[]
    for (const f of Array.isArray(parsed) ? parsed : [parsed]) waiters.find((x) => x.id === f.requestId)?.resolve(f)
  })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  const ask = (id: string, message: Record<string, unknown>) =>
    new Promise<Frame>((resolve) => {
      waiters.push({ id, resolve })
      ws.send(JSON.stringify({ ...message, requestId: id, expectResponse: true }))
    })
  const authed = await ask('a', { type: 'AUTH', payload: { token } })
  expect(authed, JSON.stringify(authed)).toMatchObject({ success: true })
  const mounted = await ask('m', { type: 'COMPONENT_MOUNT', payload: { component } })
  ws.close()
  return mounted.success === true
}
