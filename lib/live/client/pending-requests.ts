/** Request/response correlation by requestId, with per-request timeouts. */
import type { ServerMessage } from '../protocol'
import type { FailureCode, RequestOutcome } from './types'

interface Pending {
  readonly type: string
  readonly resolve: (outcome: RequestOutcome) => void
  readonly timer: ReturnType<typeof setTimeout>
}

/** `Request timeout after <ms>ms`. */
export function timeoutError(ms: number): string {
  return `Request timeout after ${ms}ms`
}

export class PendingRequests {
  // Map keeps insertion order, which the AUTH fallback below relies on.
  private readonly byId = new Map<string, Pending>()

  get size(): number {
    return this.byId.size
  }

  /** Register a request; the promise always resolves (answer, timeout or close). */
  add(requestId: string, type: string, timeoutMs: number): Promise<RequestOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.byId.delete(requestId)
        resolve({ ok: false, code: 'TIMEOUT', error: timeoutError(timeoutMs) })
      }, timeoutMs)
      this.byId.set(requestId, { type, resolve, timer })
    })
  }

  /**
   * Hand a server message to the request it answers. Returns false when it
   * answers nothing. Some servers send AUTH_RESPONSE without the requestId;
   * such an answer goes to the oldest pending AUTH.
   */
  settle(message: ServerMessage): boolean {
    const id = message.requestId ?? (message.type === 'AUTH_RESPONSE' ? this.oldestOfType('AUTH') : undefined)
    if (id === undefined) return false
    const pending = this.byId.get(id)
    if (pending === undefined) return false
    this.byId.delete(id)
    clearTimeout(pending.timer)
    pending.resolve({ ok: true, value: message })
    return true
  }

  /** Fail one request (its answer arrived but did not parse). */
  fail(requestId: string, code: FailureCode, error: string): boolean {
    const pending = this.byId.get(requestId)
    if (pending === undefined) return false
    this.byId.delete(requestId)
    clearTimeout(pending.timer)
    pending.resolve({ ok: false, code, error })
    return true
  }

  /** Resolve every pending request with a failure (socket closed). */
  failAll(code: FailureCode, error: string): void {
    const all = [...this.byId.values()]
    this.byId.clear()
    for (const pending of all) {
      clearTimeout(pending.timer)
      pending.resolve({ ok: false, code, error })
    }
  }

  private oldestOfType(type: string): string | undefined {
    for (const [id, pending] of this.byId) if (pending.type === type) return id
    return undefined
  }
}
