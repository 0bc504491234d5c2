import { REDACTION_SOURCE } from '../redaction'

/**
 * Source of the decision writer thread (plain CommonJS, run with `eval`): it
 * owns a SQLite connection, computes each payload's canonical JSON and sha256
 * digest, redacts secrets (lib/store/redaction.ts: secret-named fields in payloads, secret-shaped strings in
 * payloads and traces), inserts a batch (rows and their reasons'
 * full-text entries) in one transaction and acknowledges it. The ack is
 * posted BEFORE the shared counter is bumped, so a host that saw the counter
 * move can read the ack synchronously.
 * `canonicalJson` here must stay identical to the one in decisions.ts (a unit
 * test compares their digests).
 */
export const DECISION_WRITER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const Database = require(workerData.sqlitePath)
const done = new Int32Array(workerData.done)
const acks = workerData.acks
const MAX_CHARS = workerData.maxPayloadChars

function canonicalJson(value) {
  const seen = new WeakSet()
  const walk = (v) => {
    if (v === null || typeof v !== 'object') return v
    if (seen.has(v)) return '[Circular]'
    seen.add(v)
    if (Array.isArray(v)) return v.map(walk)
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, walk(v[k])]))
  }
  return JSON.stringify(walk(value)) ?? 'null'
}

// Values under secret-named keys (unless a number or boolean, like tokenCount: 3) and secret-shaped strings
// (JWTs, Bearer/Basic credentials, private keys) are never stored; the digest covers the original.
${REDACTION_SOURCE}
// Traces the writer had to redact, so the ack can carry what was stored instead of what was reported.
const redactedTraces = new WeakSet()

function prepare(p) {
  const row = {
    at: p.at, kind: p.kind, verdict: p.verdict, decidedBy: p.decidedBy ?? null, reason: p.reason ?? null,
    component: p.component ?? null, action: p.action ?? null, sessionId: p.sessionId ?? null, persona: p.persona ?? null,
    connectionId: p.connectionId ?? null, workspaceId: p.workspaceId ?? null, workspaceVersion: p.workspaceVersion ?? null,
    profile: p.profile, durationUs: p.durationUs, trace: JSON.stringify(p.trace ?? []), warnings: JSON.stringify(p.warnings ?? []),
    auth: JSON.stringify(p.auth ?? null), payloadDigest: null, payloadJson: null, payloadTruncated: 0,
    source: p.source ?? null, mismatch: p.mismatch === true ? 1 : 0,
    // An upstream's answer can quote anything its client sent: redacted like a trace.
    observed: p.observed === undefined ? null : JSON.stringify(REDACTION.redactValue(p.observed, { valuesOnly: true }).value),
  }
  if (p.payload !== undefined) {
    const original = canonicalJson(p.payload)
    row.payloadDigest = createHash('sha256').update(original).digest('hex')
    const safe = REDACTION.redactPayload(JSON.parse(original), p.action)
    const json = safe.redacted ? canonicalJson(safe.value) : original
    // A redacted or cut payload is not the original: it is marked so and never replayed.
    row.payloadTruncated = json.length > MAX_CHARS || safe.redacted ? 1 : 0
    row.payloadJson = json.length > MAX_CHARS ? json.slice(0, MAX_CHARS) : json
  }
  const trace = REDACTION.redactValue(p.trace ?? [], { valuesOnly: true })
  if (trace.redacted) {
    row.trace = JSON.stringify(trace.value)
    redactedTraces.add(row)
  }
  return row
}

let db
let insertMany
let openError
try {
  db = new Database(workerData.file, { fileMustExist: true })
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 2000')
  const insert = db.prepare(workerData.insertSql)
  // Reasons are indexed here rather than by a trigger (see migration 4), in the same transaction.
  const indexReason = db.prepare(workerData.reasonIndexSql)
  const fold = db.prepare(workerData.foldSql)
  insertMany = db.transaction((rows, folds) => {
    const ids = rows.map((r) => {
      const id = insert.run(r).lastInsertRowid
      if (r.reason !== null) indexReason.run(id, r.reason)
      return Number(id)
    })
    // Decisions folded into a row written earlier (id) or in this batch (row index); see decision-budget.ts.
    let missed = 0
    for (const f of folds) {
      const params = {
        id: f.id !== undefined ? f.id : ids[f.row], add: f.add, lastAt: f.lastAt, overflow: f.overflow ? 1 : 0,
        variants: f.variants !== undefined ? f.variants : null, component: f.component !== undefined ? f.component : null, action: f.action !== undefined ? f.action : null,
      }
      if (fold.run(params).changes === 0) missed += f.add
    }
    return { ids, missed }
  })
} catch (e) {
  openError = e && e.message ? String(e.message) : String(e)
}

function answer(message) {
  acks.postMessage(message)
  Atomics.add(done, 0, 1)
  Atomics.notify(done, 0)
}

parentPort.on('message', (m) => {
  if (m.op === 'hello') return answer({ batch: m.batch, error: openError })
  if (m.op === 'close') {
    try { if (db && db.open) db.close() } catch (_) {}
    return answer({ batch: m.batch })
  }
  try {
    if (!insertMany) throw new Error(openError || 'decision log is not open')
    const message = JSON.parse(m.json)
    const rows = message.rows.map(prepare)
    const { ids, missed } = insertMany(rows, message.folds)
    answer({
      batch: m.batch, ids, missedFolds: missed,
      digests: rows.map((r) => r.payloadDigest), payloads: rows.map((r) => r.payloadJson), truncated: rows.map((r) => r.payloadTruncated === 1),
      traces: rows.map((r) => (redactedTraces.has(r) ? r.trace : null)),
    })
  } catch (e) {
    answer({ batch: m.batch, error: e && e.message ? String(e.message) : String(e) })
  }
})
`
