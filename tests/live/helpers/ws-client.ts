import WebSocket from 'ws'

export interface Opened {
  readonly ws: WebSocket
  readonly first: unknown
}

/** Opens a real WebSocket and resolves with the first JSON message the server sends. */
export function openLive(url: string, headers: Record<string, string> = {}): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.once('message', (data: WebSocket.RawData) => resolve({ ws, first: JSON.parse(data.toString()) as unknown }))
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body.trim()}`), { status: res.statusCode, body: body.trim() })))
    })
    ws.once('error', reject)
  })
}

/** Resolves with the status and reason an upgrade was refused with. */
export async function refusedUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  try {
    const { ws } = await openLive(url, headers)
    ws.close()
    throw new Error('the upgrade was accepted')
  } catch (error) {
    const e = error as { status?: number; body?: string; message: string }
    if (e.status === undefined) throw error
    return { status: e.status, body: e.body ?? '' }
  }
}
