/**
 * FILE_UPLOAD_START / _CHUNK / _COMPLETE and binary upload chunks, routed as
 * LiveServer.handleMessage does at fluxstack-live@d8538f75 (LiveServer.ts:
 * 363-386 and 511-538), with FileUploadManager's checks (uploads/). The
 * studio keeps no uploaded file: the answers are the library's, the bytes are
 * dropped once checked.
 */
import type { MessageOf } from '../protocol-validate'
import { isRecord } from '../protocol-validate'
import type { LiveConnection } from './connection'
import { errorMessage } from './error-message'
import type { LiveContext } from './live-context'
import { decodeBinaryChunk } from './uploads/binary-chunk'

type UploadMessage = MessageOf<'FILE_UPLOAD_START' | 'FILE_UPLOAD_CHUNK' | 'FILE_UPLOAD_COMPLETE'>

const sessionIdOf = (conn: LiveConnection) => (conn.auth.authenticated ? conn.auth.session?.id : undefined)

export async function handleUploadMessage(ctx: LiveContext, conn: LiveConnection, message: UploadMessage): Promise<void> {
  const fields = { ...message.fields, componentId: message.componentId }
  switch (message.type) {
    case 'FILE_UPLOAD_START': {
      const owns = !message.componentId || conn.components.has(message.componentId)
      const result = owns ? ctx.uploads.start(fields, sessionIdOf(conn), conn.id) : { success: false as const, error: 'Component not found for upload' }
      conn.immediate({
        type: 'FILE_UPLOAD_START_RESPONSE',
        componentId: message.componentId,
        // The library echoes payload.uploadId, not the top-level uploadId it uses (its real client sends the latter).
        uploadId: isRecord(message.payload) ? message.payload.uploadId : undefined,
        success: result.success,
        error: result.success ? undefined : result.error,
        requestId: message.requestId,
      })
      return
    }
    case 'FILE_UPLOAD_CHUNK': {
      const progress = ctx.uploads.receiveChunk(fields, null, conn.id)
      conn.immediate({ ...progress, requestId: message.requestId })
      return
    }
    case 'FILE_UPLOAD_COMPLETE':
      conn.immediate({ ...ctx.uploads.complete(fields, conn.id), requestId: message.requestId })
  }
}

/** A binary frame: `[u32 LE header length][JSON header][bytes]`; only FILE_UPLOAD_CHUNK headers are answered. */
export async function handleBinaryChunk(ctx: LiveContext, conn: LiveConnection, frame: Buffer): Promise<void> {
  try {
    const { header, data } = decodeBinaryChunk(frame)
    if (header.type !== 'FILE_UPLOAD_CHUNK') return
    const progress = ctx.uploads.receiveChunk({ ...header, data: '' }, data, conn.id)
    conn.immediate({ ...progress, requestId: header.requestId })
  } catch (error) {
    let requestId: unknown
    try {
      requestId = decodeBinaryChunk(frame).header.requestId
    } catch {
      requestId = undefined
    }
    conn.immediate({ type: 'ERROR', error: errorMessage(error), requestId })
  }
}
