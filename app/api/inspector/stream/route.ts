import { getRuntime } from '@/lib/server/registry'

export const dynamic = 'force-dynamic'

const KEEPALIVE_MS = 15_000
const MAX_QUEUED_EVENTS = 2000

/**
 * Server-Sent Events: every decision the live server writes, as `event: decision`.
 * Admin-only: lib/server/admin-gate.ts guards every /api path when an admin
 * token is configured. Records hold auth snapshots, never tokens.
 */
export function GET(request: Request): Response {
  const { inspector } = getRuntime()
  const encoder = new TextEncoder()
  let cleanup = () => {}
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        // A page that stops reading is cut off instead of queueing records forever.
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_EVENTS) {
          cleanup()
          return
        }
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          cleanup()
        }
      }
      const unsubscribe = inspector.subscribe((record) => write(`id: ${record.id}\nevent: decision\ndata: ${JSON.stringify(record)}\n\n`))
      if (!unsubscribe) {
        write('event: error\ndata: {"error":"Too many inspector subscribers"}\n\n')
        controller.close()
        return
      }
      const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS)
      cleanup = () => {
        clearInterval(keepalive)
        unsubscribe()
      }
      request.signal.addEventListener('abort', () => {
        cleanup()
        try {
          controller.close()
        } catch {
          // already closed
        }
      })
      write(': connected\n\n')
    },
    cancel() {
      cleanup()
    },
  })
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  })
}
