import { compactQuery, queryFromSearch } from '@/lib/api/decisions'
import { decisionError, decisionLog } from '../shared'

export const dynamic = 'force-dynamic'

const LINES_PER_CHUNK = 250

/**
 * The current filter as JSON Lines (one full record per line, newest first),
 * streamed: rows are read in batches as the client consumes them.
 */
export function GET(request: Request) {
  try {
    const query = compactQuery(queryFromSearch(new URL(request.url).searchParams))
    const rows = decisionLog().iterate(query, LINES_PER_CHUNK)
    const encoder = new TextEncoder()
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let text = ''
        for (let i = 0; i < LINES_PER_CHUNK; i++) {
          const next = await rows.next()
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text))
            controller.close()
            return
          }
          text += `${JSON.stringify(next.value)}\n`
        }
        controller.enqueue(encoder.encode(text))
      },
      async cancel() {
        await rows.return?.(undefined)
      },
    })
    const name = `decisions-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`
    return new Response(stream, {
      headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
    })
  } catch (error) {
    return decisionError(error)
  }
}
