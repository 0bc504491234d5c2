/**
 * Watches one proxied connection: the frames the pipe copies to it go to the
 * exchange observer; each finished exchange is predicted by the workspace and
 * logged as an observed decision (source = the upstream's name). Everything here
 * runs after the frame was forwarded, and nothing it does can fail the traffic.
 */
import type { DecisionSink } from '../server/decision-recorder'
import type { LiveContext } from '../server/live-context'
import { decodeBinaryChunk } from '../server/uploads/binary-chunk'
import type { SandboxLane } from '../../sandbox'
import { ExchangeObserver, type Exchange } from './observer'
import type { SpliceObserver } from './splice'
import { Predictor } from './predictor'
import type { ProxyStats } from './proxy-stats'

export interface RecorderOptions {
  readonly ctx: LiveContext
  readonly sink: DecisionSink
  readonly source: string
  readonly connectionId: string
  readonly stats: ProxyStats
  readonly lane?: SandboxLane
  /** May this connection start sandbox work now (its sandbox time budget, as the live socket checks it)? */
  readonly admit?: (authenticated: boolean) => { readonly ok: boolean }
  readonly now?: () => number
}

/** Predictions one connection may have running at once; past it an exchange is counted, not predicted. */
export const MAX_PREDICTIONS_IN_FLIGHT = 64

export class ConnectionRecorder implements SpliceObserver {
  private readonly observer: ExchangeObserver
  private readonly predictor: Predictor
  private readonly figures
  private refusedSeen = 0
  /** Predictions still running (closing waits for none of them: they log when done). */
  inFlight = 0

  constructor(private readonly options: RecorderOptions) {
    this.figures = options.stats.of(options.source)
    this.predictor = new Predictor({ ctx: options.ctx, source: options.source, connectionId: options.connectionId, ...(options.lane ? { lane: options.lane } : {}) })
    this.observer = new ExchangeObserver({
      emit: (exchange) => this.finished(exchange),
      onRequest: (request) => this.predictor.onRequest(request),
      onLeave: (componentId, roomId) => this.predictor.left(componentId, roomId),
      onJoin: (componentId, roomId) => this.predictor.joinedAtMount(componentId, roomId),
      onUnmount: (componentId) => this.predictor.unmounted(componentId),
      onRefused: (tag) => this.predictor.refused(tag),
      ...(options.now ? { now: options.now } : {}),
    })
  }

  fromClient(frame: Buffer): void {
    this.figures.framesIn++
    this.figures.bytesIn += frame.length
    const before = this.observer.requests
    this.observer.fromClient(frame.toString('utf8'))
    this.figures.requests += this.observer.requests - before
  }

  fromUpstream(frame: Buffer): void {
    this.figures.framesOut++
    this.figures.bytesOut += frame.length
    // Most frames of a busy app are state updates and broadcasts: only those that can answer a request are decoded.
    if (!this.observer.mayAnswer(frame)) return
    this.observer.fromUpstream(frame.toString('utf8'))
    const refused = this.observer.refusedBeforeDecision
    if (refused !== this.refusedSeen) {
      this.figures.refusedBeforeDecision += refused - this.refusedSeen
      this.refusedSeen = refused
    }
  }

  binary(direction: 'client' | 'upstream', size: number, bytes: Buffer | undefined): void {
    const f = this.figures
    if (direction === 'client') { f.framesIn++; f.bytesIn += size } else { f.framesOut++; f.bytesOut += size }
    f.binaryFrames++
    f.binaryBytes += size
    if (direction !== 'client' || bytes === undefined || bytes.length < 4) return
    try {
      if (decodeBinaryChunk(bytes).header.type === 'FILE_UPLOAD_CHUNK') f.uploadChunks++
    } catch {
      // Not an upload chunk (msgpack or the app's own format): counted by size only.
    }
  }

  oversized(direction: 'client' | 'upstream', size: number): void {
    const f = this.figures
    if (direction === 'client') { f.framesIn++; f.bytesIn += size } else { f.framesOut++; f.bytesOut += size }
    f.unobserved++
  }

  /** Settles requests whose answer window passed (the proxy calls it every second). */
  sweep(): void {
    this.observer.sweep()
  }

  closed(): void {
    this.observer.close()
    this.figures.unobserved += this.observer.unobserved
    this.figures.unanswered += this.observer.unanswered
  }

  get waiting(): number {
    return this.observer.waiting
  }

  private finished(exchange: Exchange): void {
    // Predictions run workspace rules: a flood is counted, not queued, and the sandbox budget applies as on the live socket.
    const admitted = exchange.request.kind === 'auth' || (this.inFlight < MAX_PREDICTIONS_IN_FLIGHT && (this.options.admit?.(this.predictor.authenticated).ok ?? true))
    if (!admitted) {
      this.figures.unpredicted++
      this.predictor.skipped(exchange)
      return
    }
    this.inFlight++
    this.predictor.decide(exchange).then((input) => {
      this.figures.decisions++
      if (input.verdict === 'deny') this.figures.denied++
      if (input.mismatch === true) this.figures.mismatches++
      try {
        this.options.sink.append(input)
      } catch {
        // A failing log must not break the connection.
      }
    }, () => {
      this.figures.unpredicted++
    }).finally(() => {
      this.inFlight--
    })
  }
}
