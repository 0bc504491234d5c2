import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { decodeBinaryChunk, encodeBinaryChunk } from '@/lib/live/server/uploads/binary-chunk'
import { type AssembledUpload, UploadManager, type UploadManagerOptions } from '@/lib/live/server/uploads/upload-manager'

const T = 1_700_000_000_000
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const b64 = (bytes: readonly number[]): string => Buffer.from(bytes).toString('base64')

function setup(options: UploadManagerOptions = {}) {
  const clock = { t: T }
  const files: AssembledUpload[] = []
  const manager = new UploadManager({ now: () => clock.t, newFileName: () => 'f1', assembled: (f) => files.push(f), ...options })
  return { manager, clock, files }
}

const startFields = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  uploadId: 'u1', componentId: 'c1', filename: 'notes.txt', fileType: 'text/plain', fileSize: 6, chunkSize: 4, ...over,
})

/** The message the caller sees when `fn` throws. */
function thrown(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('did not throw')
}

describe('decodeBinaryChunk / encodeBinaryChunk', () => {
  it('round-trips the header and the raw bytes', () => {
    const header = { type: 'FILE_UPLOAD_CHUNK', uploadId: 'u1', chunkIndex: 0, requestId: 'r', name: 'é' }
    const frame = encodeBinaryChunk(header, new Uint8Array([1, 2, 3]))
    const headerLen = Buffer.byteLength(JSON.stringify(header))
    expect(Buffer.from(frame).readUInt32LE(0)).toBe(headerLen)
    const { header: h, data } = decodeBinaryChunk(frame)
    expect(h).toEqual(header)
    expect([...data]).toEqual([1, 2, 3])
  })
  it('honours the byteOffset of a view into a larger buffer', () => {
    const frame = encodeBinaryChunk({ type: 'X' }, new Uint8Array([9]))
    const big = new Uint8Array(frame.length + 10)
    big.set(frame, 5)
    const { header, data } = decodeBinaryChunk(big.subarray(5, 5 + frame.length))
    expect(header).toEqual({ type: 'X' })
    expect([...data]).toEqual([9])
  })
  it('accepts an empty chunk', () => {
    expect(decodeBinaryChunk(encodeBinaryChunk({ a: 1 }, new Uint8Array())).data.length).toBe(0)
  })

  const frame = (len: number, body: string): Uint8Array => {
    const head = Buffer.alloc(4)
    head.writeUInt32LE(len, 0)
    return Buffer.concat([head, Buffer.from(body, 'utf-8')])
  }
  it.each([0, 1, 2, 3])('throws Node\'s RangeError on a %i-byte frame', (n) => {
    expect(() => decodeBinaryChunk(new Uint8Array(n))).toThrow(RangeError)
    expect(thrown(() => decodeBinaryChunk(new Uint8Array(n)))).toBe('Attempt to access memory outside buffer bounds')
  })
  it.each([
    ['an empty header', frame(0, 'abc')],
    ['a garbled header', frame(3, '{x}rest')],
    ['a header cut short', frame(5, '{"a":1}')],
  ])('throws JSON.parse\'s own SyntaxError on %s', (_label, f) => {
    const headerText = Buffer.from(f).subarray(4, 4 + Buffer.from(f).readUInt32LE(0)).toString('utf-8')
    const expected = thrown(() => JSON.parse(headerText))
    expect(() => decodeBinaryChunk(f)).toThrow(SyntaxError)
    expect(thrown(() => decodeBinaryChunk(f))).toBe(expected)
  })
  it('reads the rest of the frame as header when headerLength runs past the end (no bounds check)', () => {
    const { header, data } = decodeBinaryChunk(frame(1000, '{"type":"FILE_UPLOAD_CHUNK"}'))
    expect(header).toEqual({ type: 'FILE_UPLOAD_CHUNK' })
    expect(data.length).toBe(0)
  })
  it('throws the TypeError upstream hits on a null header', () => {
    expect(() => decodeBinaryChunk(frame(4, 'null'))).toThrow(new TypeError("Cannot read properties of null (reading 'type')"))
  })
  it.each(['5', '"FILE_UPLOAD_CHUNK"', '[1]', 'true'])('decodes the non-object header %s to {}', (json) => {
    expect(decodeBinaryChunk(frame(json.length, json)).header).toEqual({})
  })
})

describe('UploadManager.start', () => {
  const long = 'a'.repeat(252)
  it.each<[string, Record<string, unknown>, string]>([
    ['missing uploadId', { uploadId: undefined }, 'Invalid uploadId'],
    ['empty uploadId', { uploadId: '' }, 'Invalid uploadId'],
    ['129-char uploadId', { uploadId: 'x'.repeat(129) }, 'Invalid uploadId'],
    ['numeric uploadId', { uploadId: 7 }, 'Invalid uploadId'],
    ['numeric componentId', { componentId: 5 }, 'Invalid componentId'],
    ['null componentId', { componentId: null }, 'Invalid componentId'],
    ['missing filename', { filename: undefined }, 'Invalid filename or fileType'],
    ['numeric fileType', { fileType: 1 }, 'Invalid filename or fileType'],
    ['missing fileSize', { fileSize: undefined }, 'Invalid fileSize: undefined'],
    ['object fileSize', { fileSize: {} }, 'Invalid fileSize: [object Object]'],
    ['fractional fileSize', { fileSize: 1.5 }, 'Invalid fileSize: 1.5'],
    ['negative fileSize', { fileSize: -1 }, 'Invalid fileSize: -1'],
    ['zero fileSize', { fileSize: 0 }, 'Invalid fileSize: 0'],
    ['string fileSize', { fileSize: '10' }, 'Invalid fileSize: 10'],
    ['unsafe fileSize', { fileSize: 2 ** 53 }, 'Invalid fileSize: 9007199254740992'],
    ['null chunkSize (not defaulted)', { chunkSize: null }, 'Invalid chunkSize: null (allowed 1-1048576)'],
    ['zero chunkSize', { chunkSize: 0 }, 'Invalid chunkSize: 0 (allowed 1-1048576)'],
    ['chunkSize over 1 MiB', { chunkSize: 1048577 }, 'Invalid chunkSize: 1048577 (allowed 1-1048576)'],
    ['fractional chunkSize', { chunkSize: 2.5 }, 'Invalid chunkSize: 2.5 (allowed 1-1048576)'],
    ['file over 50 MiB', { fileSize: 52428801 }, 'File too large: 52428801 bytes. Max: 52428800 bytes'],
    ['too large beats a bad type', { fileSize: 52428801, fileType: 'text/html' }, 'File too large: 52428801 bytes. Max: 52428800 bytes'],
    ['type not allowed', { fileType: 'text/html' }, 'File type not allowed: text/html'],
    ['type match is case-sensitive', { fileType: 'IMAGE/PNG' }, 'File type not allowed: IMAGE/PNG'],
    ['empty type', { fileType: '' }, 'File type not allowed: '],
    ['blocked extension (lowercased)', { filename: 'setup.EXE' }, 'File extension not allowed: .exe'],
    ['blocked extension after a path', { filename: '../dir/run.sh' }, 'File extension not allowed: .sh'],
    ['double extension', { filename: 'a.js.txt' }, 'Suspicious double extension detected: .js in a.js.txt'],
    ['double extension, basename only', { filename: 'x/y/pic.Sh.old.txt' }, 'Suspicious double extension detected: .sh in pic.Sh.old.txt'],
    ['name over 255 chars', { filename: `dir/${long}.txt` }, 'Filename too long'],
  ])('rejects %s', (_label, over, error) => {
    const { manager } = setup()
    expect(manager.start(startFields(over), undefined, 'conn1')).toEqual({ success: false, error })
    expect(manager.bufferedBytes).toBe(0)
  })

  it.each<[string, Record<string, unknown>]>([
    ['a 255-char name', { filename: `${'a'.repeat(251)}.txt` }],
    ['no componentId', { componentId: undefined }],
    ['no chunkSize (64 KiB default)', { chunkSize: undefined }],
    ['a dotfile', { filename: '.env' }],
    ['an extension-less name', { filename: 'README' }],
  ])('accepts %s', (_label, over) => {
    expect(setup().manager.start(startFields(over), undefined, 'conn1')).toEqual({ success: true })
  })

  it('refuses a duplicate uploadId, even from another connection', () => {
    const { manager } = setup()
    expect(manager.start(startFields(), undefined, 'conn1')).toEqual({ success: true })
    expect(manager.start(startFields(), undefined, 'conn2')).toEqual({ success: false, error: 'Upload u1 already in progress' })
  })

  it('allows every type when allowedTypes is empty', () => {
    const { manager } = setup({ allowedTypes: [] })
    expect(manager.start(startFields({ fileType: 'application/x-anything' }), undefined, 'c')).toEqual({ success: true })
  })
})

describe('upload quota', () => {
  const quota = { maxBytesPerUser: 100 }
  const start = (m: UploadManager, id: string, size: number, user: string | undefined, conn = 'conn1') =>
    m.start(startFields({ uploadId: id, fileSize: size, chunkSize: 100 }), user, conn)
  const exceeded = { success: false, error: 'Upload quota exceeded for user.' }

  it('is per authenticated user, charged at start', () => {
    const { manager } = setup(quota)
    expect(start(manager, 'a', 60, 'alice')).toEqual({ success: true })
    expect(start(manager, 'b', 41, 'alice', 'conn2')).toEqual(exceeded)
    expect(start(manager, 'c', 40, 'alice', 'conn2')).toEqual({ success: true })
    expect(start(manager, 'd', 100, 'bob')).toEqual({ success: true })
  })
  it('is per connection for anonymous users', () => {
    const { manager } = setup(quota)
    expect(start(manager, 'a', 100, undefined, 'x')).toEqual({ success: true })
    expect(start(manager, 'b', 1, undefined, 'x')).toEqual(exceeded)
    expect(start(manager, 'c', 100, undefined, 'y')).toEqual({ success: true })
  })
  it('is never refunded, not even when the upload is cancelled', () => {
    const { manager } = setup(quota)
    expect(start(manager, 'a', 100, 'alice')).toEqual({ success: true })
    manager.cancelConnection('conn1')
    expect(manager.bufferedBytes).toBe(0)
    expect(start(manager, 'b', 1, 'alice')).toEqual(exceeded)
  })
  it('is not charged by a refused start', () => {
    const { manager } = setup(quota)
    expect(start(manager, 'a', 100, 'alice')).toEqual({ success: true })
    expect(manager.start(startFields({ uploadId: 'a', fileSize: 1, filename: 'x.exe' }), 'bob', 'c')).toEqual({ success: false, error: 'File extension not allowed: .exe' })
    expect(start(manager, 'b', 100, 'bob')).toEqual({ success: true })
  })
  it('has no key (hence no limit) for an empty userId, as upstream', () => {
    const { manager } = setup(quota)
    expect(start(manager, 'a', 100, '')).toEqual({ success: true })
    expect(start(manager, 'b', 100, '')).toEqual({ success: true })
  })
  it('is cleared every 24 h', () => {
    const { manager, clock } = setup(quota)
    expect(start(manager, 'a', 100, 'alice')).toEqual({ success: true })
    clock.t += 24 * 60 * 60 * 1000 - 1
    expect(start(manager, 'b', 1, 'alice')).toEqual(exceeded)
    clock.t += 1
    expect(start(manager, 'b', 1, 'alice')).toEqual({ success: true })
  })
  it('comes before the type and name checks', () => {
    const { manager } = setup(quota)
    expect(manager.start(startFields({ fileSize: 101, chunkSize: 100, fileType: 'bad' }), 'alice', 'c')).toEqual(exceeded)
  })
})

describe('studio-wide buffer cap', () => {
  const start = (m: UploadManager, id: string, size: number, conn: string) =>
    m.start(startFields({ uploadId: id, fileSize: size, chunkSize: 100, fileType: 'application/json', filename: 'a.json' }), undefined, conn)

  it('refuses a start that would hold more than maxBufferedBytes, with the quota text', () => {
    const { manager } = setup({ maxBufferedBytes: 100 })
    expect(start(manager, 'a', 60, 'c1')).toEqual({ success: true })
    expect(manager.bufferedBytes).toBe(60)
    expect(start(manager, 'b', 41, 'c2')).toEqual({ success: false, error: 'Upload quota exceeded for user.' })
    expect(start(manager, 'b', 40, 'c2')).toEqual({ success: true })
    expect(manager.bufferedBytes).toBe(100)
  })
  it('is released by completion, cancelConnection and sweepStale, not by a failed completion', () => {
    const { manager, clock } = setup({ maxBufferedBytes: 100 })
    expect(start(manager, 'a', 2, 'c1')).toEqual({ success: true })
    expect(start(manager, 'b', 3, 'c2')).toEqual({ success: true })
    expect(start(manager, 'c', 5, 'c3')).toEqual({ success: true })
    manager.receiveChunk({ uploadId: 'a', chunkIndex: 0, data: b64([0x7b, 0x7d]) }, null, 'c1')
    expect(manager.complete({ uploadId: 'b' }, 'c2')).toMatchObject({ success: false })
    expect(manager.bufferedBytes).toBe(10)
    expect(manager.complete({ uploadId: 'a' }, 'c1')).toMatchObject({ success: true })
    expect(manager.bufferedBytes).toBe(8)
    manager.cancelConnection('c2')
    expect(manager.bufferedBytes).toBe(5)
    clock.t += 60_001
    manager.sweepStale()
    expect(manager.bufferedBytes).toBe(0)
  })
})

describe('UploadManager.receiveChunk', () => {
  const ready = (options: UploadManagerOptions = {}) => {
    const s = setup(options)
    expect(s.manager.start(startFields(), undefined, 'conn1')).toEqual({ success: true })
    return s
  }

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an unknown upload', { uploadId: 'nope', chunkIndex: 0, data: 'AA==' }, 'conn1', 'Upload nope not found'],
    ['a non-string uploadId', { uploadId: 5, chunkIndex: 0, data: 'AA==' }, 'conn1', 'Upload 5 not found'],
    ["another connection's upload", { uploadId: 'u1', chunkIndex: 0, data: 'AA==' }, 'conn2', 'Upload u1 not found'],
    ['a negative index', { uploadId: 'u1', chunkIndex: -1, data: 'AA==' }, 'conn1', 'Invalid chunk index: -1'],
    ['an index past the server-computed totalChunks', { uploadId: 'u1', chunkIndex: 2, totalChunks: 9, data: 'AA==' }, 'conn1', 'Invalid chunk index: 2'],
    ['a fractional index', { uploadId: 'u1', chunkIndex: 0.5, data: 'AA==' }, 'conn1', 'Invalid chunk index: 0.5'],
    ['a string index', { uploadId: 'u1', chunkIndex: '0', data: 'AA==' }, 'conn1', 'Invalid chunk index: 0'],
    ['a missing index', { uploadId: 'u1', data: 'AA==' }, 'conn1', 'Invalid chunk index: undefined'],
    ['missing data', { uploadId: 'u1', chunkIndex: 0 }, 'conn1', 'Invalid chunk data'],
    ['non-string data', { uploadId: 'u1', chunkIndex: 0, data: [1, 2] }, 'conn1', 'Invalid chunk data'],
    ['a chunk over chunkSize', { uploadId: 'u1', chunkIndex: 0, data: b64([1, 2, 3, 4, 5]) }, 'conn1', 'Chunk too large: 5 > 4'],
  ])('throws on %s', (_label, fields, conn, error) => {
    const { manager } = ready()
    expect(thrown(() => manager.receiveChunk(fields, null, conn))).toBe(error)
  })

  it('throws when the chunks would exceed the declared fileSize', () => {
    const { manager } = ready()
    manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: b64([1, 2, 3, 4]) }, null, 'conn1')
    expect(thrown(() => manager.receiveChunk({ uploadId: 'u1', chunkIndex: 1 }, new Uint8Array(3), 'conn1'))).toBe('Upload exceeds declared fileSize (6 bytes)')
  })

  it('answers FILE_UPLOAD_PROGRESS in upstream key order', () => {
    const { manager } = ready()
    const progress = manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: b64([1, 2, 3, 4]), componentId: 'ignored' }, null, 'conn1')
    expect(JSON.stringify(progress)).toBe(
      `{"type":"FILE_UPLOAD_PROGRESS","componentId":"c1","uploadId":"u1","chunkIndex":0,"totalChunks":2,"bytesUploaded":4,"totalBytes":6,"progress":66.66666666666666,"timestamp":${T}}`,
    )
  })

  it('measures base64 with Node\'s lenient decoder (junk skipped, base64url accepted)', () => {
    const { manager } = ready()
    expect(manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: 'AQI-_w' }, null, 'conn1')).toMatchObject({ bytesUploaded: 4 })
    expect(manager.receiveChunk({ uploadId: 'u1', chunkIndex: 1, data: '!!!' }, null, 'conn1')).toMatchObject({ bytesUploaded: 4 })
  })

  it('treats an already-received index as a no-op that still answers progress', () => {
    const { manager, clock } = ready()
    manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: b64([1, 2, 3, 4]) }, null, 'conn1')
    clock.t += 5
    const again = manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: 42 }, new Uint8Array(99), 'conn1')
    expect(again).toEqual({ type: 'FILE_UPLOAD_PROGRESS', componentId: 'c1', uploadId: 'u1', chunkIndex: 0, totalChunks: 2, bytesUploaded: 4, totalBytes: 6, progress: (4 / 6) * 100, timestamp: T + 5 })
  })

  it("uses componentId '' for an upload started without one", () => {
    const { manager } = setup()
    manager.start(startFields({ componentId: undefined }), undefined, 'conn1')
    expect(manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: 'AA==' }, null, 'conn1')).toMatchObject({ componentId: '', progress: (1 / 6) * 100 })
  })
})

describe('UploadManager.complete', () => {
  const pngStart = (m: UploadManager, conn = 'conn1') =>
    m.start(startFields({ filename: 'dir/Photo.PNG', fileType: 'image/png', fileSize: 10, chunkSize: 8 }), 'alice', conn)
  const pngBytes = [...PNG, 0xaa, 0xbb]

  it('assembles JSON base64 chunks and answers in upstream key order', () => {
    const { manager, files } = setup()
    expect(pngStart(manager)).toEqual({ success: true })
    manager.receiveChunk({ uploadId: 'u1', chunkIndex: 1, data: b64(pngBytes.slice(8)) }, null, 'conn1')
    manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: b64(pngBytes.slice(0, 8)) }, null, 'conn1')
    const answer = manager.complete({ uploadId: 'u1' }, 'conn1')
    expect(JSON.stringify(answer)).toBe(
      `{"type":"FILE_UPLOAD_COMPLETE","componentId":"c1","uploadId":"u1","success":true,"filename":"dir/Photo.PNG","fileUrl":"/uploads/f1.png","timestamp":${T}}`,
    )
    expect(files).toHaveLength(1)
    expect(files[0]).toMatchObject({ uploadId: 'u1', filename: 'dir/Photo.PNG', fileType: 'image/png' })
    expect([...(files[0]?.bytes ?? [])]).toEqual(pngBytes)
    // Nothing is kept: the id is free again and a second completion finds nothing.
    expect(manager.bufferedBytes).toBe(0)
    expect(manager.complete({ uploadId: 'u1' }, 'conn1')).toMatchObject({ success: false, error: 'Upload u1 not found' })
  })

  it('assembles binary chunks decoded from frames', () => {
    const { manager, files } = setup()
    pngStart(manager)
    for (const [i, part] of [pngBytes.slice(0, 8), pngBytes.slice(8)].entries()) {
      const frame = encodeBinaryChunk({ type: 'FILE_UPLOAD_CHUNK', uploadId: 'u1', chunkIndex: i, requestId: `r${i}` }, new Uint8Array(part))
      const { header, data } = decodeBinaryChunk(frame)
      manager.receiveChunk({ ...header, data: '' }, data, 'conn1')
      frame.fill(0) // the manager must have copied the bytes out of the frame
    }
    expect(manager.complete({ uploadId: 'u1' }, 'conn1')).toMatchObject({ success: true, fileUrl: '/uploads/f1.png' })
    expect([...(files[0]?.bytes ?? [])]).toEqual(pngBytes)
  })

  it('names the stored file with crypto.randomUUID() by default', () => {
    const manager = new UploadManager()
    manager.start(startFields({ fileSize: 1, filename: 'a.TXT' }), undefined, 'c')
    manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: 'AA==' }, null, 'c')
    expect(manager.complete({ uploadId: 'u1' }, 'c').fileUrl).toMatch(/^\/uploads\/[0-9a-f-]{36}\.txt$/)
  })

  it('answers a failure in upstream key order, with componentId always empty', () => {
    const { manager } = setup()
    pngStart(manager)
    expect(JSON.stringify(manager.complete({ uploadId: 'u1' }, 'conn1'))).toBe(
      `{"type":"FILE_UPLOAD_COMPLETE","componentId":"","uploadId":"u1","success":false,"error":"Incomplete upload: received 0/10 bytes","timestamp":${T}}`,
    )
  })

  const mismatch = (type: string) => `File content does not match claimed type '${type}'. The file may be disguised as a different format.`
  it.each<[string, Record<string, unknown>, string, string]>([
    ['an unknown upload', { uploadId: 'nope' }, 'conn1', 'Upload nope not found'],
    ["another connection's upload", { uploadId: 'u1' }, 'conn2', 'Upload u1 not found'],
    ['a non-string uploadId', { uploadId: 5 }, 'conn1', 'Upload 5 not found'],
  ])('fails on %s', (_label, fields, conn, error) => {
    const { manager } = setup()
    pngStart(manager)
    const answer = manager.complete(fields, conn)
    expect(answer).toEqual({ type: 'FILE_UPLOAD_COMPLETE', componentId: '', uploadId: typeof fields.uploadId === 'string' ? fields.uploadId : '', success: false, error, timestamp: T })
  })

  it.each<[string, string, number[], string | null]>([
    ['jpeg', 'image/jpeg', [0xff, 0xd8, 0xff, 0xe0], null],
    ['jpeg, wrong bytes', 'image/jpeg', [0xff, 0xd8, 0x00, 0x00], mismatch('image/jpeg')],
    ['png, too short for its signature', 'image/png', PNG.slice(0, 4), mismatch('image/png')],
    ['gif87a', 'image/gif', [...Buffer.from('GIF87a')], null],
    ['gif89a', 'image/gif', [...Buffer.from('GIF89a')], null],
    ['gif, other', 'image/gif', [...Buffer.from('GIF90a')], mismatch('image/gif')],
    ['webp checks RIFF only', 'image/webp', [...Buffer.from('RIFFxxxxAVI ')], null],
    ['pdf', 'application/pdf', [...Buffer.from('%PDF-1.7')], null],
    ['pdf, wrong bytes', 'application/pdf', [...Buffer.from('<html>')], mismatch('application/pdf')],
    ['zip local header', 'application/zip', [0x50, 0x4b, 0x03, 0x04], null],
    ['zip empty archive', 'application/zip', [0x50, 0x4b, 0x05, 0x06], null],
    ['gzip', 'application/gzip', [0x1f, 0x8b, 0x08], null],
    ['gzip, wrong bytes', 'application/gzip', [0x1f, 0x8c], mismatch('application/gzip')],
    ['svg is not checked', 'image/svg+xml', [...Buffer.from('MZ')], null],
    ['json is not checked', 'application/json', [0, 1, 2], null],
  ])('checks magic bytes: %s', (_label, fileType, bytes, error) => {
    const { manager } = setup()
    manager.start(startFields({ fileType, filename: 'f.bin', fileSize: bytes.length, chunkSize: 1024 }), undefined, 'conn1')
    manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: b64(bytes) }, null, 'conn1')
    const answer = manager.complete({ uploadId: 'u1' }, 'conn1')
    expect(answer).toMatchObject(error === null ? { success: true } : { success: false, error })
  })

  it('keeps a failed upload active so it can be finished and retried', () => {
    const { manager } = setup()
    pngStart(manager)
    manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: b64(pngBytes.slice(0, 8)) }, null, 'conn1')
    expect(manager.complete({ uploadId: 'u1' }, 'conn1')).toMatchObject({ error: 'Incomplete upload: received 8/10 bytes' })
    manager.receiveChunk({ uploadId: 'u1', chunkIndex: 1, data: b64(pngBytes.slice(8)) }, null, 'conn1')
    expect(manager.complete({ uploadId: 'u1' }, 'conn1')).toMatchObject({ success: true })
  })

  it('keeps a content mismatch active too', () => {
    const { manager } = setup()
    manager.start(startFields({ fileType: 'image/png', filename: 'p.png', fileSize: 2, chunkSize: 2 }), undefined, 'conn1')
    manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: b64([1, 2]) }, null, 'conn1')
    expect(manager.complete({ uploadId: 'u1' }, 'conn1')).toMatchObject({ success: false, error: mismatch('image/png') })
    expect(manager.complete({ uploadId: 'u1' }, 'conn1')).toMatchObject({ success: false, error: mismatch('image/png') })
    expect(manager.bufferedBytes).toBe(2)
  })

  it('turns a throwing assembled callback into a failure and keeps the upload', () => {
    const { manager } = setup({ assembled: () => { throw new Error('disk full') } })
    manager.start(startFields({ fileSize: 1 }), undefined, 'conn1')
    manager.receiveChunk({ uploadId: 'u1', chunkIndex: 0, data: 'AA==' }, null, 'conn1')
    expect(manager.complete({ uploadId: 'u1' }, 'conn1')).toMatchObject({ success: false, error: 'disk full' })
    expect(manager.bufferedBytes).toBe(1)
  })
})

describe('cancelConnection and sweepStale', () => {
  it("drops only that connection's uploads", () => {
    const { manager } = setup()
    manager.start(startFields({ uploadId: 'a' }), undefined, 'conn1')
    manager.start(startFields({ uploadId: 'b' }), undefined, 'conn2')
    manager.cancelConnection('conn1')
    expect(thrown(() => manager.receiveChunk({ uploadId: 'a', chunkIndex: 0, data: 'AA==' }, null, 'conn1'))).toBe('Upload a not found')
    expect(manager.receiveChunk({ uploadId: 'b', chunkIndex: 0, data: 'AA==' }, null, 'conn2')).toMatchObject({ bytesUploaded: 1 })
    expect(manager.bufferedBytes).toBe(6)
    // The id is free again.
    expect(manager.start(startFields({ uploadId: 'a' }), undefined, 'conn3')).toEqual({ success: true })
  })

  it('drops uploads idle for more than 60 s; a repeated chunk does not count as activity', () => {
    const { manager, clock } = setup()
    manager.start(startFields({ uploadId: 'a' }), undefined, 'conn1')
    manager.start(startFields({ uploadId: 'b' }), undefined, 'conn1')
    clock.t += 30_000
    manager.receiveChunk({ uploadId: 'a', chunkIndex: 0, data: 'AA==' }, null, 'conn1')
    manager.receiveChunk({ uploadId: 'b', chunkIndex: 0, data: 'AA==' }, null, 'conn1')
    clock.t += 60_000
    manager.receiveChunk({ uploadId: 'b', chunkIndex: 0, data: 'AA==' }, null, 'conn1') // no-op
    manager.sweepStale()
    expect(manager.bufferedBytes).toBe(12)
    clock.t += 1
    manager.sweepStale()
    expect(manager.bufferedBytes).toBe(0)
  })
})
