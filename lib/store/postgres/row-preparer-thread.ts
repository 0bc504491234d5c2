/**
 * Runs createRowPreparer (row-preparer.ts) on a worker thread, so redaction and digests leave the
 * event loop that serves live sockets (the SQLite log's writer thread does the same), or here when
 * asked (`onThread: false`, the log's default: see decision-log.ts prepareOnThread). Batches are
 * answered in order. If the thread cannot start or dies, rows are prepared here instead: never lost.
 */
import { createHash } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import type { WireFold } from '../decision-folds'
import { MAX_STORED_PAYLOAD_CHARS, type DecisionInput } from '../model/decision'
import { mayRedactJsonValues, REDACTION_SOURCE, redactPayload, redactValue } from '../redaction'
import { createRowPreparer, type PreparedRow } from './row-preparer'

// Plain CommonJS; `__name` is the no-op tsx's keepNames output expects (see REDACTION_SOURCE).
const SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
${REDACTION_SOURCE}
const PREPARER = (function (__name) { return (${createRowPreparer.toString()}) })(function (f) { return f })({
  redactValue: REDACTION.redactValue, redactPayload: REDACTION.redactPayload, mayRedactJsonValues: REDACTION.mayRedactJsonValues,
  sha256: (text) => createHash('sha256').update(text).digest('hex'), maxPayloadChars: workerData.maxPayloadChars,
})
parentPort.on('message', (m) => {
  try {
    const { inputs, folds } = JSON.parse(m.json)
    parentPort.postMessage({ seq: m.seq, rows: inputs.map((p, i) => PREPARER.prepare(p, folds[i])) })
  } catch (e) {
    parentPort.postMessage({ seq: m.seq, error: e && e.message ? String(e.message) : String(e) })
  }
})
`

interface Pending {
  readonly inputs: readonly DecisionInput[]
  readonly folds: readonly (WireFold | null)[]
  readonly resolve: (rows: PreparedRow[]) => void
}

export class RowPreparerThread {
  private worker: Worker | undefined
  private seq = 0
  private readonly pending = new Map<number, Pending>()
  private readonly local = createRowPreparer({
    redactValue, redactPayload, mayRedactJsonValues, sha256: (text) => createHash('sha256').update(text).digest('hex'), maxPayloadChars: MAX_STORED_PAYLOAD_CHARS,
  })

  /** `onThread: false` prepares every batch here, on the event loop. */
  constructor(onThread = true) {
    if (!onThread) return
    try {
      const worker = new Worker(SOURCE, { eval: true, workerData: { maxPayloadChars: MAX_STORED_PAYLOAD_CHARS } })
      worker.on('message', (m: { seq: number; rows?: PreparedRow[]; error?: string }) => this.answered(m))
      worker.on('error', () => this.fallBack())
      worker.on('exit', () => this.fallBack())
      worker.unref()
      this.worker = worker
    } catch {
      this.worker = undefined
    }
  }

  /** The rows for `inputs`; `folds[i]` is a fold into row i within the same batch. */
  prepare(inputs: readonly DecisionInput[], folds: readonly (WireFold | null)[]): Promise<PreparedRow[]> {
    const worker = this.worker
    let json: string | undefined
    try {
      json = worker ? JSON.stringify({ inputs, folds }) : undefined
    } catch {
      // Not JSON-safe (a cycle): prepared here, where canonicalJson copes with it.
    }
    if (!worker || json === undefined) return Promise.resolve(this.prepareHere(inputs, folds))
    const seq = ++this.seq
    return new Promise((resolve) => {
      // Referenced only while it owes an answer: an idle thread never keeps the process alive.
      if (this.pending.size === 0) worker.ref()
      this.pending.set(seq, { inputs, folds, resolve })
      worker.postMessage({ seq, json })
    })
  }

  close(): void {
    const worker = this.worker
    this.worker = undefined
    this.fallBack()
    void worker?.terminate()
  }

  private answered(m: { seq: number; rows?: PreparedRow[]; error?: string }): void {
    const p = this.pending.get(m.seq)
    if (!p) return
    this.pending.delete(m.seq)
    if (this.pending.size === 0) this.worker?.unref()
    p.resolve(m.rows ?? this.prepareHere(p.inputs, p.folds))
  }

  /** The thread is gone: what it still owed is prepared here. */
  private fallBack(): void {
    this.worker = undefined
    for (const [seq, p] of this.pending) {
      this.pending.delete(seq)
      p.resolve(this.prepareHere(p.inputs, p.folds))
    }
  }

  private prepareHere(inputs: readonly DecisionInput[], folds: readonly (WireFold | null)[]): PreparedRow[] {
    return inputs.map((input, i) => this.local.prepare(input as unknown as Parameters<typeof this.local.prepare>[0], folds[i]))
  }
}
