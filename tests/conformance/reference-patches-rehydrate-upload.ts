/**
 * The reference corrections for what its transcription (core.ts) leaves out:
 * signed state (a real HMAC instead of a placeholder), COMPONENT_REHYDRATE and
 * FILE_UPLOAD_START / _CHUNK / _COMPLETE (JSON and binary chunks). Written from
 * FluxStackCore/fluxstack-live@d8538f75, never from the studio's code, so the
 * goldens stay an independent oracle; each patch names the upstream lines it
 * follows. Applied by reference-patches.ts to the temp copy of the runtime.
 * The library's defaults are kept: no nonce, no key rotation, no encryption on
 * signing (but the decrypt path of extractData, which a client reaches by
 * setting `encrypted: true`), compression over 1024 characters, 30 minutes of
 * state age; uploads as FileUploadManager's defaults, files written to
 * `REF_UPLOADS_DIR` (upstream's `uploadsDir` option) instead of `./uploads`.
 */

export interface Patch {
  readonly file: string
  readonly find: string
  readonly replace: string
  /** The upstream source this follows (FluxStackCore/fluxstack-live@d8538f75). */
  readonly upstream: string
}

const IMPORTS = `import { randomBytes, createHmac, createCipheriv as __createCipheriv, createDecipheriv as __createDecipheriv, scryptSync as __scryptSync, timingSafeEqual as __timingSafeEqual } from 'node:crypto'
import { gzipSync as __gzipSync, gunzipSync as __gunzipSync } from 'node:zlib'
import { mkdir as __mkdir, writeFile as __writeFile } from 'node:fs/promises'
import { existsSync as __existsSync } from 'node:fs'
import { basename as __basename, extname as __extname, join as __join } from 'node:path'
import { tmpdir as __tmpdir } from 'node:os'
`

/** security/StateSignature.ts: constructor defaults, signState, validateState, extractData, computeSignatureWithKey, timingSafeEqual. */
const STATE_SIGNATURE = `// ===== security/StateSignature.ts (defaults: compression on, no encryption, no nonce, maxStateAge 30 min) =====
type __Signed = { data: string; signature: string; timestamp: number; version: number; componentId: string; nonce?: string; compressed?: boolean; encrypted?: boolean }
class __StateSignatureManager {
  private secret = Buffer.from(process.env.LIVE_STATE_SECRET || randomBytes(32).toString('hex'), 'utf-8')
  private encryptionSalt = randomBytes(16)
  private cachedKey: Buffer | null = null
  private maxStateAge = 30 * 60 * 1000
  signState(componentId: string, state: Record<string, unknown>, version: number): __Signed {
    let dataStr = JSON.stringify(state)
    let compressed = false
    if (dataStr.length > 1024) {
      const packed = __gzipSync(Buffer.from(dataStr, 'utf-8')).toString('base64')
      if (packed.length < dataStr.length * 0.9) { dataStr = packed; compressed = true }
    }
    const signed: __Signed = { data: dataStr, signature: '', timestamp: Date.now(), version, componentId, nonce: undefined, compressed, encrypted: false }
    signed.signature = this.computeSignature(signed)
    return signed
  }
  validateState(signed: __Signed): { valid: boolean; error?: string } {
    try {
      if (Date.now() - signed.timestamp > this.maxStateAge) return { valid: false, error: 'State expired' }
      if (this.safeEqual(signed.signature, this.computeSignature(signed))) return { valid: true }
      return { valid: false, error: 'Invalid signature' }
    } catch (error) {
      return { valid: false, error: errorMessage(error) }
    }
  }
  extractData(signed: __Signed): Record<string, unknown> {
    let dataStr = signed.data
    if (signed.encrypted) {
      const [ivB64, tagB64, body] = dataStr.split(':')
      const iv = Buffer.from(ivB64 as string, 'base64')
      const tag = Buffer.from(tagB64 as string, 'base64')
      const key = this.encryptionKey()
      const decipher = __createDecipheriv('aes-256-gcm', key, iv)
      decipher.setAuthTag(tag)
      dataStr = decipher.update(body as string, 'base64', 'utf-8')
      dataStr += decipher.final('utf-8')
    }
    if (signed.compressed) dataStr = __gunzipSync(Buffer.from(dataStr, 'base64')).toString('utf-8')
    return JSON.parse(dataStr)
  }
  private computeSignature(s: __Signed): string {
    return createHmac('sha256', this.secret).update(\`\${s.componentId}:\${s.version}:\${s.timestamp}:\${s.data}\${s.nonce ? ':' + s.nonce : ''}\`).digest('hex')
  }
  private safeEqual(a: string, b: string): boolean {
    const n = Math.max(a.length, b.length)
    const x = Buffer.alloc(n), y = Buffer.alloc(n)
    Buffer.from(a).copy(x); Buffer.from(b).copy(y)
    return a.length === b.length && __timingSafeEqual(x, y)
  }
  private encryptionKey(): Buffer {
    this.cachedKey ??= __scryptSync(this.secret, this.encryptionSalt, 32) as Buffer
    return this.cachedKey
  }
}
void __createCipheriv
const __stateSignature = new __StateSignatureManager()

`

/** protocol/binary.ts decodeBinaryChunk and upload/FileUploadManager.ts (defaults; timers left out: they never fire during a recording). */
const UPLOADS = `// ===== protocol/binary.ts (decodeBinaryChunk) =====
function __decodeBinaryChunk(raw: ArrayBuffer | Uint8Array): { header: any; data: Buffer } {
  const buffer = raw instanceof ArrayBuffer ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
  const headerLength = buffer.readUInt32LE(0)
  const header = JSON.parse(buffer.slice(4, 4 + headerLength).toString('utf-8'))
  return { header, data: buffer.slice(4 + headerLength) }
}

// ===== upload/FileUploadManager.ts (default config) =====
const __MAGIC: Record<string, number[][]> = {
  'image/jpeg': [[0xFF, 0xD8, 0xFF]], 'image/png': [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]],
  'image/gif': [[0x47, 0x49, 0x46, 0x38, 0x37, 0x61], [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]], 'image/webp': [[0x52, 0x49, 0x46, 0x46]],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]], 'application/zip': [[0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06]], 'application/gzip': [[0x1F, 0x8B]],
}
class __FileUploadManager {
  private active = new Map<string, any>()
  private usage = new Map<string, number>()
  private maxUploadSize = 50 * 1024 * 1024
  private maxBytesPerUser = 500 * 1024 * 1024
  private allowedTypes = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/svg+xml', 'application/pdf', 'text/plain', 'text/csv', 'text/markdown', 'application/json', 'application/zip', 'application/gzip']
  private blocked = new Set(['.exe', '.bat', '.cmd', '.com', '.msi', '.scr', '.pif', '.sh', '.bash', '.zsh', '.csh', '.ps1', '.psm1', '.psd1', '.vbs', '.vbe', '.js', '.jse', '.wsf', '.wsh', '.dll', '.sys', '.drv', '.so', '.dylib'])
  private uploadsDir = process.env.REF_UPLOADS_DIR || __join(__tmpdir(), 'ref-uploads')
  async startUpload(message: any, userId?: string, connectionId?: string): Promise<{ success: boolean; error?: string }> {
    try {
      const { uploadId, componentId, filename, fileType, fileSize, chunkSize = 64 * 1024 } = message
      if (typeof uploadId !== 'string' || uploadId.length === 0 || uploadId.length > 128) throw new Error('Invalid uploadId')
      if (componentId !== undefined && typeof componentId !== 'string') throw new Error('Invalid componentId')
      if (typeof filename !== 'string' || typeof fileType !== 'string') throw new Error('Invalid filename or fileType')
      if (typeof fileSize !== 'number' || !Number.isSafeInteger(fileSize) || fileSize <= 0) throw new Error(\`Invalid fileSize: \${fileSize}\`)
      if (typeof chunkSize !== 'number' || !Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > 1024 * 1024) throw new Error(\`Invalid chunkSize: \${chunkSize} (allowed 1-1048576)\`)
      const quotaKey = userId ?? (connectionId ? \`conn:\${connectionId}\` : undefined)
      if (fileSize > this.maxUploadSize) throw new Error(\`File too large: \${fileSize} bytes. Max: \${this.maxUploadSize} bytes\`)
      if (quotaKey && (this.usage.get(quotaKey) || 0) + fileSize > this.maxBytesPerUser) throw new Error('Upload quota exceeded for user.')
      if (this.allowedTypes.length > 0 && !this.allowedTypes.includes(fileType)) throw new Error(\`File type not allowed: \${fileType}\`)
      const safeBase = __basename(filename)
      const ext = __extname(safeBase).toLowerCase()
      if (this.blocked.has(ext)) throw new Error(\`File extension not allowed: \${ext}\`)
      const parts = safeBase.split('.')
      if (parts.length > 2) for (let i = 1; i < parts.length - 1; i++) {
        const mid = '.' + parts[i].toLowerCase()
        if (this.blocked.has(mid)) throw new Error(\`Suspicious double extension detected: \${mid} in \${safeBase}\`)
      }
      if (safeBase.length > 255) throw new Error('Filename too long')
      if (this.active.has(uploadId)) throw new Error(\`Upload \${uploadId} already in progress\`)
      this.active.set(uploadId, { uploadId, componentId: componentId ?? '', filename, fileType, fileSize, totalChunks: Math.ceil(fileSize / chunkSize), receivedChunks: new Map(), bytesReceived: 0, ownerConnectionId: connectionId, chunkSize })
      if (quotaKey) this.usage.set(quotaKey, (this.usage.get(quotaKey) || 0) + fileSize)
      return { success: true }
    } catch (error) {
      return { success: false, error: errorMessage(error) }
    }
  }
  async receiveChunk(message: any, binaryData: Buffer | null = null, connectionId?: string) {
    const { uploadId, chunkIndex, data } = message
    const upload = this.owned(uploadId, connectionId)
    const totalChunks = upload.totalChunks
    if (typeof chunkIndex !== 'number' || !Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= totalChunks) throw new Error(\`Invalid chunk index: \${chunkIndex}\`)
    if (!upload.receivedChunks.has(chunkIndex)) {
      let chunk: string | Buffer, bytes: number
      if (binaryData) { chunk = binaryData; bytes = binaryData.length } else {
        if (typeof data !== 'string') throw new Error('Invalid chunk data')
        chunk = data; bytes = Buffer.from(data, 'base64').length
      }
      const maxChunk = upload.chunkSize ?? Infinity
      if (bytes > maxChunk) throw new Error(\`Chunk too large: \${bytes} > \${maxChunk}\`)
      if (upload.bytesReceived + bytes > upload.fileSize) throw new Error(\`Upload exceeds declared fileSize (\${upload.fileSize} bytes)\`)
      upload.receivedChunks.set(chunkIndex, chunk)
      upload.bytesReceived += bytes
    }
    const progress = (upload.bytesReceived / upload.fileSize) * 100
    return { type: 'FILE_UPLOAD_PROGRESS', componentId: upload.componentId, uploadId: upload.uploadId, chunkIndex, totalChunks, bytesUploaded: Math.min(upload.bytesReceived, upload.fileSize), totalBytes: upload.fileSize, progress: Math.min(progress, 100), timestamp: Date.now() }
  }
  async completeUpload(message: any, connectionId?: string) {
    try {
      const upload = this.owned(message.uploadId, connectionId)
      if (upload.bytesReceived !== upload.fileSize) throw new Error(\`Incomplete upload: received \${upload.bytesReceived}/\${upload.fileSize} bytes\`)
      this.checkMagic(upload)
      const fileUrl = await this.assemble(upload)
      this.active.delete(upload.uploadId)
      return { type: 'FILE_UPLOAD_COMPLETE', componentId: upload.componentId, uploadId: upload.uploadId, success: true, filename: upload.filename, fileUrl, timestamp: Date.now() }
    } catch (error) {
      return { type: 'FILE_UPLOAD_COMPLETE', componentId: '', uploadId: typeof message.uploadId === 'string' ? message.uploadId : '', success: false, error: errorMessage(error), timestamp: Date.now() }
    }
  }
  cancelConnectionUploads(connectionId: string) {
    for (const [id, u] of this.active) if (u.ownerConnectionId === connectionId) this.active.delete(id)
  }
  private owned(uploadId: unknown, connectionId?: string) {
    const upload = typeof uploadId === 'string' ? this.active.get(uploadId) : undefined
    if (!upload) throw new Error(\`Upload \${uploadId} not found\`)
    if (upload.ownerConnectionId && upload.ownerConnectionId !== connectionId) throw new Error(\`Upload \${uploadId} not found\`)
    return upload
  }
  private async assemble(upload: any): Promise<string> {
    if (!__existsSync(this.uploadsDir)) await __mkdir(this.uploadsDir, { recursive: true })
    const safeFilename = \`\${crypto.randomUUID()}\${__extname(__basename(upload.filename)).toLowerCase()}\`
    const chunks: Buffer[] = []
    for (let i = 0; i < upload.totalChunks; i++) {
      const c = upload.receivedChunks.get(i)
      if (c) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c, 'base64'))
    }
    await __writeFile(__join(this.uploadsDir, safeFilename), Buffer.concat(chunks))
    return \`/uploads/\${safeFilename}\`
  }
  private checkMagic(upload: any) {
    const sigs = __MAGIC[upload.fileType]
    if (!sigs) return
    const first = upload.receivedChunks.get(0)
    if (!first) throw new Error('Cannot validate file content: first chunk missing')
    const head = Buffer.isBuffer(first) ? first : Buffer.from(first, 'base64')
    const matched = sigs.some((sig) => head.length >= sig.length && sig.every((b, i) => head[i] === b))
    if (!matched) throw new Error(\`File content does not match claimed type '\${upload.fileType}'. The file may be disguised as a different format.\`)
  }
}

`

const REHYDRATE = `  // rehydrateComponent (the reference registers classes only: no ComponentDefinition, so finalState = cleanState)
  async rehydrateComponent(componentId: string, componentName: string, signedState: any, ws: GenericWebSocket, options?: { room?: string; userId?: string }): Promise<{ success: boolean; newComponentId?: string; error?: string }> {
    try {
      const validation = __stateSignature.validateState(signedState)
      if (!validation.valid) return { success: false, error: validation.error || 'Invalid state signature' }
      let ComponentClass = this.classes.get(componentName) ?? null
      if (!ComponentClass) {
        const variations = [componentName + 'Component', componentName.charAt(0).toUpperCase() + componentName.slice(1) + 'Component', componentName.charAt(0).toUpperCase() + componentName.slice(1)]
        for (const v of variations) { ComponentClass = this.classes.get(v) ?? null; if (ComponentClass) break }
      }
      if (!ComponentClass) return { success: false, error: \`Component '\${componentName}' not found\` }
      const authContext = ws.data?.authContext || ANONYMOUS_CONTEXT
      const authResult = await this.authManager.authorizeComponent(authContext, ComponentClass.auth)
      if (!authResult.allowed) return { success: false, error: \`AUTH_DENIED: \${authResult.reason}\` }
      const clientState = __stateSignature.extractData(signedState)
      if (!clientState.__componentName || clientState.__componentName !== componentName) return { success: false, error: 'Component class mismatch - state tampering detected' }
      const { __componentName, ...cleanState } = clientState
      if ((ComponentClass as any).singleton === true) {
        const mounted = await this.mountComponent(ws, componentName, cleanState, options)
        return { success: true, newComponentId: mounted.componentId }
      }
      const component = new ComponentClass(cleanState, ws, options)
      component.setAuthContext(authContext)
      this.components.set(component.id, component)
      if (options?.room) { (this as any).roomManager?.joinRoom(component.id, options.room, ws).catch(() => {}); this.subscribeToRoom(component.id, options.room) }
      ws.data.components.set(component.id, component)
      const rehydratedState = component.getSerializableState()
      const newSignedState = __stateSignature.signState(component.id, { ...rehydratedState, __componentName: componentName }, signedState.version + 1)
      ;(component as any).emit('STATE_REHYDRATED', { state: rehydratedState, signedState: newSignedState, oldComponentId: componentId, newComponentId: component.id })
      try { (component as any).onConnect() } catch { /* logged upstream */ }
      try { (component as any).onRehydrate?.(clientState) } catch { /* logged upstream */ }
      try { await (component as any).onMount() } catch { /* logged upstream, not sent */ }
      return { success: true, newComponentId: component.id }
    } catch (error) {
      return { success: false, error: errorMessage(error) }
    }
  }
`

const SERVER_CASES = `        case 'FILE_UPLOAD_START': {
          const ownsTarget = !message.componentId || !!ws.data?.components?.has(message.componentId)
          const result = ownsTarget
            ? await this.fileUploadManager.startUpload(message, ws.data?.userId, ws.data?.connectionId)
            : { success: false, error: 'Component not found for upload' }
          sendImmediate(ws, JSON.stringify({ type: 'FILE_UPLOAD_START_RESPONSE', componentId: message.componentId, uploadId: isRecord(message.payload) ? message.payload.uploadId : undefined, success: result.success, error: result.error, requestId: message.requestId }))
          return
        }
        case 'FILE_UPLOAD_CHUNK': {
          const progress = await this.fileUploadManager.receiveChunk(message, null, ws.data?.connectionId)
          if (progress) sendImmediate(ws, JSON.stringify({ ...progress, requestId: message.requestId }))
          return
        }
        case 'FILE_UPLOAD_COMPLETE': {
          const result = await this.fileUploadManager.completeUpload(message, ws.data?.connectionId)
          sendImmediate(ws, JSON.stringify({ ...result, requestId: message.requestId }))
          return
        }
        case 'COMPONENT_REHYDRATE': {
          const result = await this.registry.rehydrateComponent(message.componentId, message.payload.component, message.payload.signedState, ws, {
            room: message.payload.room,
            userId: ws.data?.authContext?.authenticated ? ws.data.authContext.session?.id : undefined,
          })
          sendImmediate(ws, JSON.stringify({ type: 'COMPONENT_REHYDRATED', componentId: message.componentId, success: result.success, result: result.success ? { newComponentId: result.newComponentId } : undefined, error: result.error, requestId: message.requestId }))
          return
        }
`

const BINARY = `    if (isBinary && (rawMessage instanceof ArrayBuffer || rawMessage instanceof Uint8Array)) {
      const buf = rawMessage instanceof Uint8Array ? rawMessage.buffer.slice(rawMessage.byteOffset, rawMessage.byteOffset + rawMessage.byteLength) as ArrayBuffer : rawMessage
      if (buf.byteLength > MAX_MESSAGE_SIZE) { sendImmediate(ws, JSON.stringify({ type: 'ERROR', error: 'Message too large' })); return }
      try {
        const { header, data } = __decodeBinaryChunk(buf)
        if (header.type === 'FILE_UPLOAD_CHUNK') {
          const progress = await this.fileUploadManager.receiveChunk({ ...header, data: '' }, data, ws.data?.connectionId)
          if (progress) sendImmediate(ws, JSON.stringify({ ...progress, requestId: header.requestId }))
        }
      } catch (error) {
        let requestId: string | undefined
        try { requestId = __decodeBinaryChunk(buf).header.requestId } catch { /* unreadable header */ }
        sendImmediate(ws, JSON.stringify({ type: 'ERROR', error: errorMessage(error), requestId }))
      }
      return
    }
`

/** Marker for "from `start` up to (not including) `end`" anchors, resolved against the file text. */
export function SECTION(start: string, end: string): string {
  return `\u0000SECTION\u0000${start}\u0000${end}`
}

/** The signed-state line of mountComponent, now a real signature (replaces core.ts's placeholder). */
export const MOUNT_SIGNATURE: Patch = {
  file: 'core.ts',
  find: "const signedState = { data: '<signed>', signature: '<sig>', timestamp: Date.now(), version: 1, componentId: component.id }",
  replace: 'const signedState = __stateSignature.signState(component.id, { ...mountState, __componentName: componentName }, 1)',
  upstream: 'component/ComponentRegistry.ts:481-488 (mountComponent signs { ...state, __componentName: <the requested name> }, version 1) and '
    + 'security/StateSignature.ts:186-242 (signState: HMAC-SHA256 over componentId:version:timestamp:data, gzip over 1024 characters, compressed and encrypted always present)',
}

export const REHYDRATE_UPLOAD_PATCHES: readonly Patch[] = [
  {
    file: 'core.ts',
    find: "import { randomBytes } from 'node:crypto'\n",
    replace: IMPORTS,
    upstream: 'the node modules security/StateSignature.ts (crypto, zlib) and upload/FileUploadManager.defaultAssembleFile (fs, path) import',
  },
  {
    file: 'core.ts',
    find: '// ===== component/ComponentRegistry.ts =====\n',
    replace: STATE_SIGNATURE + UPLOADS + '// ===== component/ComponentRegistry.ts =====\n',
    upstream: 'security/StateSignature.ts:186-242 (signState), :244-291 (validateState), :293-316 (extractData), and its constructor '
      + '(secret: LIVE_STATE_SECRET or random; defaults), computeSignatureWithKey, timingSafeEqual, deriveEncryptionKey; '
      + 'protocol/binary.ts:31-42 (decodeBinaryChunk); upload/FileUploadManager.ts: MAGIC_BYTES, the constructor defaults, '
      + 'startUpload, receiveChunk, completeUpload, getOwnedUpload, cancelConnectionUploads, defaultAssembleFile, validateContentMagicBytes',
  },
  MOUNT_SIGNATURE,
  {
    file: 'core.ts',
    find: '  unmountComponent(componentId: string, ws?: GenericWebSocket) {\n',
    replace: REHYDRATE + '  unmountComponent(componentId: string, ws?: GenericWebSocket) {\n',
    upstream: 'component/ComponentRegistry.ts:511-593 (rehydrateComponent: validateState, class by name and variations, authorizeComponent, '
      + 'extractData, __componentName check, new instance joined to payload.room as ComponentRoomProxy.ts:133-137, re-signed at version+1, '
      + 'STATE_REHYDRATED queued, onMount errors swallowed)',
  },
  {
    file: 'core.ts',
    find: SECTION("        case 'FILE_UPLOAD_START': {", '        default: {'),
    replace: SERVER_CASES,
    upstream: 'server/LiveServer.ts:511-538 (FILE_UPLOAD_START/_CHUNK/_COMPLETE; a CHUNK error reaches the outer catch as ERROR) and :541-562 (COMPONENT_REHYDRATE)',
  },
  {
    file: 'core.ts',
    find: "    if (isBinary) { sendImmediate(ws, JSON.stringify({ type: 'ERROR', error: 'binary frames not supported by the reference runtime' })); return }\n",
    replace: BINARY,
    upstream: 'server/LiveServer.ts:363-386 (binary frames: size check, decodeBinaryChunk, FILE_UPLOAD_CHUNK only, errors as ERROR with the header requestId)',
  },
  {
    file: 'core.ts',
    find: '  readonly roomManager = new LiveRoomManager()\n',
    replace: '  readonly roomManager = new LiveRoomManager()\n  readonly fileUploadManager = new __FileUploadManager()\n',
    upstream: 'server/LiveServer.ts, the constructor (the server owns one FileUploadManager)',
  },
  {
    file: 'core.ts',
    find: '    if (ws.data?.connectionId) this.limiters.delete(ws.data.connectionId)\n',
    replace: '    if (ws.data?.connectionId) { this.limiters.delete(ws.data.connectionId); this.fileUploadManager.cancelConnectionUploads(ws.data.connectionId) }\n',
    upstream: 'server/LiveServer.ts, handleClose (cancelConnectionUploads: the connection\'s uploads are dropped)',
  },
]
