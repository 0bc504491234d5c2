/**
 * The admin-only inspector stream (`/api/inspector/stream`, Server-Sent
 * Events of every decision), opened only while someone wants it: the live
 * tester's page, or a connection to the built-in server that is open. The
 * stream replays nothing, so a decision made while it is closed is not seen.
 */

export type StreamState = 'off' | 'connecting' | 'open' | 'error'

/** The part of EventSource the feed uses. */
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((event: never) => void) | null
  onerror: ((event: never) => void) | null
  addEventListener(type: 'decision', listener: (event: MessageEvent<string>) => void): void
  close(): void
}

/** EventSource.CLOSED */
const CLOSED = 2

export class InspectorFeed {
  private source: EventSourceLike | undefined
  private current: StreamState = 'off'
  private waiters: Array<() => void> = []

  constructor(
    private readonly open: () => EventSourceLike | undefined,
    private readonly onDecision: (data: string) => void,
    private readonly onState: (state: StreamState) => void,
  ) {}

  get state(): StreamState {
    return this.current
  }

  /** Opens or closes the stream. */
  want(wanted: boolean): void {
    if (wanted && this.source === undefined) this.start()
    if (!wanted && this.source !== undefined) this.stop()
  }

  /** Resolves once the stream is open, has failed or is off, or after `timeoutMs`. */
  ready(timeoutMs = 3000): Promise<void> {
    if (this.current !== 'connecting') return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs)
      const waiters = this.waiters
      function done() {
        clearTimeout(timer)
        const i = waiters.indexOf(done)
        if (i !== -1) waiters.splice(i, 1)
        resolve()
      }
      waiters.push(done)
    })
  }

  private start(): void {
    const source = this.open()
    if (source === undefined) return this.set('error')
    this.source = source
    this.set('connecting')
    source.onopen = () => this.set('open')
    // EventSource retries by itself; the state says so meanwhile.
    source.onerror = () => this.set(source.readyState === CLOSED ? 'error' : 'connecting')
    source.addEventListener('decision', (event) => {
      if (this.source === source) this.onDecision(event.data)
    })
  }

  private stop(): void {
    this.source?.close()
    this.source = undefined
    this.set('off')
  }

  private set(state: StreamState): void {
    if (state === this.current) return
    this.current = state
    if (state !== 'connecting') this.waiters.splice(0).forEach((w) => w())
    this.onState(state)
  }
}
