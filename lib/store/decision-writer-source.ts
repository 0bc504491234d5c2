/**
 * Source of the decision writer thread (plain CommonJS, run with `eval`): it
 * owns a SQLite connection, computes each payload's canonical JSON and sha256
 * digest, redacts secret-named fields and token-shaped strings, inserts a batch (rows and their reasons'
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

// Values under secret-sounding keys (unless a number or boolean, like tokenCount: 3) and strings holding
// something JWT-shaped ("Bearer eyJ...") are never stored; the digest covers the original.
const SECRET_KEY = /passw|secret|token|credential|authoriz|cookie|(api|access|private|signing|client|session)[-_]?key|^otp$|^pin$|^auth$/i
const JWT_LIKE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/

function redact(value) {
  let redacted = false
  const walk = (v) => {
    if (typeof v === 'string' && JWT_LIKE.test(v)) { redacted = true; return '[redacted: token]' }
    if (v === null || typeof v !== 'object') return v
    if (Array.isArray(v)) return v.map(walk)
    const out = Object.create(null)
    for (const k of Object.keys(v)) {
      const value = v[k]
      if (SECRET_KEY.test(k) && value !== null && value !== '' && typeof value !== 'number' && typeof value !== 'boolean') { redacted = true; out[k] = '[redacted]' }
      else out[k] = walk(v[k])
    }
    return out
  }
  const result = walk(value)
  return { value: result, redacted }
}

function prepare(p) {
  const row = {
    at: p.at, kind: p.kind, verdict: p.verdict, decidedBy: p.decidedBy ?? null, reason: p.reason ?? null,
    component: p.component ?? null, action: p.action ?? null, sessionId: p.sessionId ?? null, persona: p.persona ?? null,
    connectionId: p.connectionId ?? null, workspaceId: p.workspaceId ?? null, workspaceVersion: p.workspaceVersion ?? null,
    profile: p.profile, durationUs: p.durationUs, trace: JSON.stringify(p.trace ?? []), warnings: JSON.stringify(p.warnings ?? []),
    auth: JSON.stringify(p.auth ?? null), payloadDigest: null, payloadJson: null, payloadTruncated: 0,
  }
  if (p.payload !== undefined) {
    const original = canonicalJson(p.payload)
    row.payloadDigest = createHash('sha256').update(original).digest('hex')
    const safe = redact(JSON.parse(original))
    const json = safe.redacted ? canonicalJson(safe.value) : original
    // A redacted or cut payload is not the original: it is marked so and never replayed.
    row.payloadTruncated = json.length > MAX_CHARS || safe.redacted ? 1 : 0
    row.payloadJson = json.length > MAX_CHARS ? json.slice(0, MAX_CHARS) : json
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
  insertMany = db.transaction((rows) => rows.map((r) => {
    const id = insert.run(r).lastInsertRowid
    if (r.reason !== null) indexReason.run(id, r.reason)
    return Number(id)
  }))
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
    const rows = JSON.parse(m.json).map(prepare)
    const ids = insertMany(rows)
    answer({
      batch: m.batch, ids,
      digests: rows.map((r) => r.payloadDigest), payloads: rows.map((r) => r.payloadJson), truncated: rows.map((r) => r.payloadTruncated === 1),
    })
  } catch (e) {
    answer({ batch: m.batch, error: e && e.message ? String(e.message) : String(e) })
  }
})
`
