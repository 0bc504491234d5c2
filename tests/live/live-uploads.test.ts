/**
 * FILE_UPLOAD_* over the wire, routed and answered as fluxstack-live@d8538f75
 * does (LiveServer.ts:363-386 and 511-538, upload/FileUploadManager.ts): the
 * real client's START, binary chunks (its default) or base64 JSON chunks, then
 * COMPLETE. Expectations written from the upstream source (the conformance
 * corpus also compares uploads with the reference runtime, patched from it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeBinaryChunk } from '@/lib/live/server/uploads/binary-chunk'
import { LiveClient, mountedId, startHarness, type Harness } from './helpers/live-harness'

let h: Harness
const clients: LiveClient[] = []
async function open(): Promise<LiveClient> {
  const c = await LiveClient.open(h.wsUrl)
  clients.push(c)
  return c
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(92, 7)])

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  for (const c of clients) c.close()
  await h.close()
})

describe('uploads', () => {
  it('START, two binary chunks and COMPLETE give the library’s answers', async () => {
    const c = await open()
    const id = mountedId(await c.mount('LiveChat'))
    const start = await c.request({ type: 'FILE_UPLOAD_START', componentId: id, uploadId: 'up-1', filename: 'cat.png', fileType: 'image/png', fileSize: PNG.length, chunkSize: 64 })
    // The library echoes payload.uploadId, which the real client does not send: no uploadId key.
    expect(start).toEqual({ type: 'FILE_UPLOAD_START_RESPONSE', componentId: id, success: true, requestId: expect.any(String) })
    for (const [index, part] of [[0, PNG.subarray(0, 64)], [1, PNG.subarray(64)]] as const) {
      const progress = c.next((f) => f.requestId === `chunk-${index}`)
      c.sendRaw(Buffer.from(encodeBinaryChunk({ type: 'FILE_UPLOAD_CHUNK', componentId: id, uploadId: 'up-1', chunkIndex: index, totalChunks: 2, requestId: `chunk-${index}` }, part)))
      expect(Object.keys(await progress)).toEqual(['type', 'componentId', 'uploadId', 'chunkIndex', 'totalChunks', 'bytesUploaded', 'totalBytes', 'progress', 'timestamp', 'requestId'])
    }
    expect(c.frames.filter((f) => f.type === 'FILE_UPLOAD_PROGRESS').map((f) => (f as { progress?: number }).progress)).toEqual([64, 100])
    const done = await c.request({ type: 'FILE_UPLOAD_COMPLETE', componentId: id, uploadId: 'up-1' })
    expect(done).toMatchObject({ type: 'FILE_UPLOAD_COMPLETE', componentId: id, uploadId: 'up-1', success: true, filename: 'cat.png', fileUrl: expect.stringMatching(/^\/uploads\/[0-9a-f-]+\.png$/) })
  })

  it('base64 JSON chunks work too; a forged type is caught by its magic bytes', async () => {
    const c = await open()
    const id = mountedId(await c.mount('LiveChat'))
    await c.request({ type: 'FILE_UPLOAD_START', componentId: id, uploadId: 'up-2', filename: 'x.pdf', fileType: 'application/pdf', fileSize: 10 })
    const progress = await c.request({ type: 'FILE_UPLOAD_CHUNK', componentId: id, uploadId: 'up-2', chunkIndex: 0, data: Buffer.from('MZ-not-pdf').toString('base64') })
    expect(progress).toMatchObject({ type: 'FILE_UPLOAD_PROGRESS', bytesUploaded: 10, progress: 100 })
    const done = await c.request({ type: 'FILE_UPLOAD_COMPLETE', componentId: id, uploadId: 'up-2' })
    expect(done).toMatchObject({ type: 'FILE_UPLOAD_COMPLETE', componentId: '', uploadId: 'up-2', success: false, error: "File content does not match claimed type 'application/pdf'. The file may be disguised as a different format." })
  })

  it('refuses another connection’s component and upload, and bad chunks, with the library’s texts', async () => {
    const owner = await open()
    const id = mountedId(await owner.mount('LiveChat'))
    await owner.request({ type: 'FILE_UPLOAD_START', componentId: id, uploadId: 'up-3', filename: 'a.txt', fileType: 'text/plain', fileSize: 3 })
    const other = await open()
    const start = await other.request({ type: 'FILE_UPLOAD_START', componentId: id, uploadId: 'up-4', filename: 'b.txt', fileType: 'text/plain', fileSize: 3 })
    expect(start).toMatchObject({ success: false, error: 'Component not found for upload' })
    const chunk = await other.request({ type: 'FILE_UPLOAD_CHUNK', componentId: id, uploadId: 'up-3', chunkIndex: 0, data: 'YWJj' })
    expect(chunk).toEqual({ type: 'ERROR', componentId: id, error: 'Upload up-3 not found', requestId: expect.any(String) })
    const bad = await owner.request({ type: 'FILE_UPLOAD_CHUNK', componentId: id, uploadId: 'up-3', chunkIndex: 5, data: 'YWJj' })
    expect(bad).toMatchObject({ type: 'ERROR', error: 'Invalid chunk index: 5' })
    const exe = await owner.request({ type: 'FILE_UPLOAD_START', componentId: id, uploadId: 'up-5', filename: 'run.exe', fileType: 'text/plain', fileSize: 3 })
    expect(exe).toMatchObject({ success: false, error: 'File extension not allowed: .exe' })
    // A binary chunk error carries no componentId.
    const binaryError = owner.next((f) => f.requestId === 'bin')
    owner.sendRaw(Buffer.from(encodeBinaryChunk({ type: 'FILE_UPLOAD_CHUNK', uploadId: 'nope', chunkIndex: 0, requestId: 'bin' }, Buffer.from('abc'))))
    expect(await binaryError).toEqual({ type: 'ERROR', error: 'Upload nope not found', requestId: 'bin' })
  })
})
