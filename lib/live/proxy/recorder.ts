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
import type { PipeObserver } from './pipe'
import { Predictor } from './predictor'
import type { ProxyStats } from './proxy-stats'

export interface RecorderOptions {
  readonly ctx: LiveContext
  readonly sink: DecisionSink
  readonly source: string
  readonly connectionId: string
  readonly stats: ProxyStats
  readonly lane?: SandboxLane
  readonly now?: () => number
}

export class ConnectionRecorder implements PipeObserver {
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

  binary(direction: 'client' | 'upstream', bytes: Buffer): void {
    const f = this.figures
    if (direction === 'client') { f.framesIn++; f.bytesIn += bytes.length } else { f.framesOut++; f.bytesOut += bytes.length }
    f.binaryFrames++
    f.binaryBytes += bytes.length
    if (direction !== 'client' || bytes.length < 4) return
    try {
      if (decodeBinaryChunk(bytes).header.type === 'FILE_UPLOAD_CHUNK') f.uploadChunks++
    } catch {
      // Not an upload chunk (msgpack or the app's own format): counted by size only.
    }
  }

  /** Settles requests whose answer window passed (the proxy calls it every second). */
  sweep(): void {
    this.observer.sweep()
  }

  closed(): void {
    this.observer.close()
  }

  get waiting(): number {
    return this.observer.waiting
  }

  private finished(exchange: Exchange): void {
    this.inFlight++
    this.predictor.decide(exchange).then((input) => {
      this.figures.decisions++
      if (input.verdict === 'deny') this.figures.denied++
      if (input.mismatch === true) this.figures.mismatches++
      this.options.sink.append(input)
    }, () => {
      this.figures.unpredicted++
    }).finally(() => {
      this.inFlight--
    })
  }
}
