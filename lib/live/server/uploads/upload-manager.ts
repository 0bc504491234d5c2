import { Buffer } from 'node:buffer'
import { randomUUID } from 'node:crypto'
import { posix } from 'node:path'

/**
 * FluxStack Live's chunked file uploads (upload/FileUploadManager.ts at fluxstack-live@d8538f75):
 * the same checks in the same order, the same error texts and answer key order. Unlike upstream,
 * nothing is written to disk: a completed file is handed to `assembled` and then forgotten.
 */

const MIB = 1024 * 1024
const [DEFAULT_CHUNK_SIZE, MIN_CHUNK_SIZE, MAX_CHUNK_SIZE] = [64 * 1024, 1, MIB]
const STALE_AFTER_MS = 60_000 // upstream's chunkTimeout (30 s) x 2
const QUOTA_RESET_MS = 24 * 60 * 60 * 1000

export const DEFAULT_ALLOWED_TYPES: readonly string[] = [
  'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/svg+xml', 'application/pdf',
  'text/plain', 'text/csv', 'text/markdown', 'application/json', 'application/zip', 'application/gzip',
]

const BLOCKED_EXTENSIONS: ReadonlySet<string> = new Set([
  '.exe', '.bat', '.cmd', '.com', '.msi', '.scr', '.pif', '.sh', '.bash', '.zsh', '.csh', '.ps1', '.psm1',
  '.psd1', '.vbs', '.vbe', '.js', '.jse', '.wsf', '.wsh', '.dll', '.sys', '.drv', '.so', '.dylib',
])

/** Upstream's MAGIC_BYTES; svg, text and json are not checked. All signatures start at offset 0. */
const MAGIC_BYTES: ReadonlyMap<string, readonly (readonly number[])[]> = new Map([
  ['image/jpeg', [[0xff, 0xd8, 0xff]]],
  ['image/png', [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]]],
  ['image/gif', [[0x47, 0x49, 0x46, 0x38, 0x37, 0x61], [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]]],
  ['image/webp', [[0x52, 0x49, 0x46, 0x46]]],
  ['application/pdf', [[0x25, 0x50, 0x44, 0x46]]],
  ['application/zip', [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06]]],
  ['application/gzip', [[0x1f, 0x8b]]],
])

export interface AssembledUpload {
  readonly uploadId: string
  readonly bytes: Uint8Array
  readonly filename: string
  readonly fileType: string
}

export interface UploadManagerOptions {
  /** Wall-clock milliseconds, for answer timestamps and idle sweeps. */
  readonly now?: () => number
  readonly maxUploadBytes?: number
  /** Per-user quota, charged at start and never refunded (reset every `quotaResetMs`). */
  readonly maxBytesPerUser?: number
  /** Studio-wide cap on declared bytes of uploads in progress, so uploads cannot exhaust memory. */
  readonly maxBufferedBytes?: number
  /** An empty list allows every type, as upstream. */
  readonly allowedTypes?: readonly string[]
  /** Upstream clears all quotas on a 24 h timer from construction; here lazily on the same schedule. */
  readonly quotaResetMs?: number
  /** The stored name's stem (upstream: crypto.randomUUID()). */
  readonly newFileName?: () => string
  /** Called with each completed file; a throw fails the completion like upstream's assembleFile. */
  readonly assembled?: (info: AssembledUpload) => void
}

export type StartResult = { success: true } | { success: false; error: string }

interface ActiveUpload {
  readonly uploadId: string
  readonly componentId: string
  readonly filename: string
  readonly fileType: string
  readonly fileSize: number
  readonly chunkSize: number
  readonly totalChunks: number
  readonly ownerConnectionId: string
  readonly chunks: Map<number, Uint8Array>
  bytesReceived: number
  lastChunkTime: number
}

export class UploadManager {
  private readonly uploads = new Map<string, ActiveUpload>()
  private readonly usage = new Map<string, number>()
  private readonly opts: Required<Omit<UploadManagerOptions, 'assembled'>> & Pick<UploadManagerOptions, 'assembled'>
  private quotaEpoch: number
  private reserved = 0

  constructor(options: UploadManagerOptions = {}) {
    this.opts = {
      now: Date.now, maxUploadBytes: 50 * MIB, maxBytesPerUser: 500 * MIB, maxBufferedBytes: 128 * MIB,
      allowedTypes: DEFAULT_ALLOWED_TYPES, quotaResetMs: QUOTA_RESET_MS, newFileName: randomUUID, ...defined(options),
    }
    this.quotaEpoch = this.opts.now()
  }

  /** Declared bytes of the uploads in progress: the most their chunks can hold in memory. */
  get bufferedBytes(): number {
    return this.reserved
  }

  /** FILE_UPLOAD_START. `userId` is the connection's authenticated user, never a client field. */
  start(fields: Record<string, unknown>, userId: string | undefined, connectionId: string): StartResult {
    try {
      this.begin(fields, userId, connectionId)
      return { success: true }
    } catch (error) {
      return { success: false, error: errorMessage(error) }
    }
  }

  /** FILE_UPLOAD_CHUNK (JSON when `binary` is null). Throws with the text upstream's ERROR frame carries. */
  receiveChunk(fields: Record<string, unknown>, binary: Uint8Array | null, connectionId: string): Record<string, unknown> {
    const { uploadId, chunkIndex, data } = fields
    const upload = this.owned(uploadId, connectionId)
    if (typeof chunkIndex !== 'number' || !Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= upload.totalChunks) {
      throw new Error(`Invalid chunk index: ${chunkIndex}`)
    }
    // A repeated index is a no-op (not even `data` is checked), yet still answered with progress.
    if (!upload.chunks.has(chunkIndex)) {
      if (!binary && typeof data !== 'string') throw new Error('Invalid chunk data')
      // Node's lenient base64 decoder, as upstream (skips junk, accepts base64url).
      const bytes = binary ?? Buffer.from(String(data), 'base64')
      if (bytes.length > upload.chunkSize) throw new Error(`Chunk too large: ${bytes.length} > ${upload.chunkSize}`)
      if (upload.bytesReceived + bytes.length > upload.fileSize) throw new Error(`Upload exceeds declared fileSize (${upload.fileSize} bytes)`)
      // Copied: a binary chunk is a view into its whole frame (a base64 one into Buffer's shared pool).
      upload.chunks.set(chunkIndex, new Uint8Array(bytes))
      upload.lastChunkTime = this.opts.now()
      upload.bytesReceived += bytes.length
    }
    const progress = (upload.bytesReceived / upload.fileSize) * 100
    return {
      type: 'FILE_UPLOAD_PROGRESS', componentId: upload.componentId, uploadId: upload.uploadId, chunkIndex,
      totalChunks: upload.totalChunks, bytesUploaded: Math.min(upload.bytesReceived, upload.fileSize),
      totalBytes: upload.fileSize, progress: Math.min(progress, 100), timestamp: this.opts.now(),
    }
  }

  /** FILE_UPLOAD_COMPLETE. Never throws; a failed upload stays active so it can be retried. */
  complete(fields: Record<string, unknown>, connectionId: string): Record<string, unknown> {
    const { uploadId } = fields
    try {
      const upload = this.owned(uploadId, connectionId)
      if (upload.bytesReceived !== upload.fileSize) {
        throw new Error(`Incomplete upload: received ${upload.bytesReceived}/${upload.fileSize} bytes`)
      }
      checkMagicBytes(upload)
      const parts: Uint8Array[] = []
      for (let i = 0; i < upload.totalChunks; i++) {
        const chunk = upload.chunks.get(i)
        if (chunk) parts.push(chunk)
      }
      const name = `${this.opts.newFileName()}${posix.extname(posix.basename(upload.filename)).toLowerCase()}`
      this.opts.assembled?.({ uploadId: upload.uploadId, bytes: Buffer.concat(parts), filename: upload.filename, fileType: upload.fileType })
      this.drop(upload)
      return {
        type: 'FILE_UPLOAD_COMPLETE', componentId: upload.componentId, uploadId: upload.uploadId, success: true,
        filename: upload.filename, fileUrl: `/uploads/${name}`, timestamp: this.opts.now(),
      }
    } catch (error) {
      return {
        type: 'FILE_UPLOAD_COMPLETE', componentId: '', uploadId: typeof uploadId === 'string' ? uploadId : '', success: false,
        error: errorMessage(error), timestamp: this.opts.now(),
      }
    }
  }

  /** On close: the connection's uploads free their memory at once (quota stays charged). */
  cancelConnection(connectionId: string): void {
    for (const upload of [...this.uploads.values()]) if (upload.ownerConnectionId === connectionId) this.drop(upload)
  }

  /** Drops uploads with no new chunk for more than 60 s. Upstream runs this every 5 minutes. */
  sweepStale(): void {
    const now = this.opts.now()
    for (const upload of [...this.uploads.values()]) if (now - upload.lastChunkTime > STALE_AFTER_MS) this.drop(upload)
  }

  private begin(fields: Record<string, unknown>, userId: string | undefined, connectionId: string): void {
    const { uploadId, componentId, filename, fileType, fileSize } = fields
    // The default applies only to undefined: an explicit null is rejected below.
    const chunkSize = fields.chunkSize === undefined ? DEFAULT_CHUNK_SIZE : fields.chunkSize
    if (typeof uploadId !== 'string' || uploadId.length === 0 || uploadId.length > 128) throw new Error('Invalid uploadId')
    if (componentId !== undefined && typeof componentId !== 'string') throw new Error('Invalid componentId')
    if (typeof filename !== 'string' || typeof fileType !== 'string') throw new Error('Invalid filename or fileType')
    if (typeof fileSize !== 'number' || !Number.isSafeInteger(fileSize) || fileSize <= 0) throw new Error(`Invalid fileSize: ${fileSize}`)
    if (typeof chunkSize !== 'number' || !Number.isSafeInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
      throw new Error(`Invalid chunkSize: ${chunkSize} (allowed ${MIN_CHUNK_SIZE}-${MAX_CHUNK_SIZE})`)
    }
    // Anonymous connections get a quota of their own; an empty key (userId '') has none, as upstream.
    const quotaKey = userId ?? (connectionId ? `conn:${connectionId}` : undefined)
    if (fileSize > this.opts.maxUploadBytes) throw new Error(`File too large: ${fileSize} bytes. Max: ${this.opts.maxUploadBytes} bytes`)
    this.resetQuotasIfDue()
    if (quotaKey && (this.usage.get(quotaKey) ?? 0) + fileSize > this.opts.maxBytesPerUser) throw new Error('Upload quota exceeded for user.')
    // Studio-only: the memory cap answers with the quota text so clients need no new error.
    if (this.reserved + fileSize > this.opts.maxBufferedBytes) throw new Error('Upload quota exceeded for user.')
    if (this.opts.allowedTypes.length > 0 && !this.opts.allowedTypes.includes(fileType)) throw new Error(`File type not allowed: ${fileType}`)
    checkFilename(filename)
    if (this.uploads.has(uploadId)) throw new Error(`Upload ${uploadId} already in progress`)

    const now = this.opts.now()
    this.uploads.set(uploadId, {
      uploadId, componentId: componentId ?? '', filename, fileType, fileSize, chunkSize,
      totalChunks: Math.ceil(fileSize / chunkSize), ownerConnectionId: connectionId,
      chunks: new Map(), bytesReceived: 0, lastChunkTime: now,
    })
    this.reserved += fileSize
    if (quotaKey) this.usage.set(quotaKey, (this.usage.get(quotaKey) ?? 0) + fileSize)
  }

  /** The same "not found" for another connection's upload, so ids of others are not revealed. */
  private owned(uploadId: unknown, connectionId: string): ActiveUpload {
    const upload = typeof uploadId === 'string' ? this.uploads.get(uploadId) : undefined
    // An upload started with an empty connection id has no owner upstream either.
    if (!upload || (upload.ownerConnectionId && upload.ownerConnectionId !== connectionId)) {
      throw new Error(`Upload ${uploadId} not found`)
    }
    return upload
  }

  private drop(upload: ActiveUpload): void {
    if (!this.uploads.delete(upload.uploadId)) return
    upload.chunks.clear()
    this.reserved -= upload.fileSize
  }

  private resetQuotasIfDue(): void {
    const elapsed = this.opts.now() - this.quotaEpoch
    if (!(elapsed >= this.opts.quotaResetMs)) return
    this.usage.clear()
    this.quotaEpoch += elapsed - (elapsed % this.opts.quotaResetMs)
  }
}

function checkFilename(filename: string): void {
  const safeBase = posix.basename(filename)
  const ext = posix.extname(safeBase).toLowerCase()
  if (BLOCKED_EXTENSIONS.has(ext)) throw new Error(`File extension not allowed: ${ext}`)
  const parts = safeBase.split('.')
  for (let i = 1; i < parts.length - 1; i++) {
    const middle = `.${(parts[i] ?? '').toLowerCase()}`
    if (BLOCKED_EXTENSIONS.has(middle)) throw new Error(`Suspicious double extension detected: ${middle} in ${safeBase}`)
  }
  if (safeBase.length > 255) throw new Error('Filename too long')
}

function checkMagicBytes(upload: ActiveUpload): void {
  const signatures = MAGIC_BYTES.get(upload.fileType)
  if (!signatures) return
  const first = upload.chunks.get(0)
  // Unreachable once all bytes are in (the other chunks cannot make up fileSize), kept as upstream has it.
  if (!first) throw new Error('Cannot validate file content: first chunk missing')
  const matches = signatures.some((sig) => first.length >= sig.length && sig.every((byte, i) => first[i] === byte))
  if (!matches) {
    throw new Error(`File content does not match claimed type '${upload.fileType}'. The file may be disguised as a different format.`)
  }
}

/** Spreading `{ now: undefined }` over the defaults would erase them. */
function defined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message
  return String(error)
}
