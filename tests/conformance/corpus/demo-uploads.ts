/**
 * Demo workspace: FILE_UPLOAD_START / _CHUNK / _COMPLETE with JSON (base64)
 * and binary chunks, every check of the library's FileUploadManager, uploads
 * across two connections, and hostile binary frames. The library accepts
 * anonymous uploads (their quota is per connection), so anonymous connections
 * upload here too.
 */
import type { Json, Scenario } from '../types'
import { scenario } from './dsl'

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(92, 7)])
const PDF = Buffer.from('%PDF-1.4 tiny')
const text = (t: string) => Buffer.from(t, 'utf8')
const MIB = 1024 * 1024

export const uploadJson: Scenario = scenario('upload-json-chunks', 'anonymous: START, base64 chunks, COMPLETE; the id is free again after', 'demo', (s) => {
  s.mount('a', 'LiveChat', { as: 'c' })
  s.uploadStart('a', 'c', { uploadId: 'up-1', filename: 'notes.txt', fileType: 'text/plain', fileSize: 11, chunkSize: 6 })
  s.uploadChunk('a', 'c', 'up-1', 0, text('hello '))
  s.uploadChunk('a', 'c', 'up-1', 1, text('world'))
  s.uploadComplete('a', 'c', 'up-1')
  s.uploadComplete('a', 'c', 'up-1')
  s.uploadStart('a', 'c', { uploadId: 'up-1', filename: 'again.md', fileType: 'text/markdown', fileSize: 3 })
  s.uploadChunk('a', 'c', 'up-1', 0, text('# a'))
  s.uploadComplete('a', 'c', 'up-1')
  // Without a component, and with the uploadId in the payload (the field the START answer echoes).
  s.uploadStart('a', undefined, { uploadId: 'loose', filename: 'data.json', fileType: 'application/json', fileSize: 2, payload: { uploadId: 'loose' } })
  s.uploadChunk('a', undefined, 'loose', 0, text('{}'))
  s.uploadComplete('a', undefined, 'loose')
})

export const uploadBinary: Scenario = scenario('upload-binary-chunks', 'an admin uploads an image and a PDF in binary chunks, as the real client does', 'demo', (s) => {
  s.auth('a', 'admin').mount('a', 'LiveChat', { as: 'c' })
  s.uploadStart('a', 'c', { uploadId: 'img', filename: 'cat.PNG', fileType: 'image/png', fileSize: PNG.length, chunkSize: 64 })
  s.uploadBinary('a', { type: 'FILE_UPLOAD_CHUNK', uploadId: 'img', chunkIndex: 0, totalChunks: 2 }, PNG.subarray(0, 64))
  s.uploadBinary('a', { type: 'FILE_UPLOAD_CHUNK', uploadId: 'img', chunkIndex: 1, totalChunks: 99 }, PNG.subarray(64))
  s.uploadComplete('a', 'c', 'img')
  s.uploadStart('a', 'c', { uploadId: 'doc', filename: 'paper.pdf', fileType: 'application/pdf', fileSize: PDF.length })
  s.uploadBinary('a', { type: 'FILE_UPLOAD_CHUNK', uploadId: 'doc', chunkIndex: 0 }, PDF)
  s.uploadComplete('a', 'c', 'doc')
})

export const uploadStartRefusals: Scenario = scenario('upload-start-refusals', 'FILE_UPLOAD_START refused: size, type, extension, name, ids, chunk size, ownership', 'demo', (s) => {
  s.auth('a', 'free-user').mount('a', 'LiveChat', { as: 'c' })
  const base = { filename: 'a.txt', fileType: 'text/plain', fileSize: 10 }
  const cases: { [key: string]: Json }[] = [
    { uploadId: 'big', fileSize: 50 * MIB + 1 }, { uploadId: 'max', fileSize: 50 * MIB },
    { uploadId: 'exe-type', fileType: 'application/x-msdownload' }, { uploadId: 'no-type', fileType: '' },
    { uploadId: 'sh', filename: 'run.sh' }, { uploadId: 'js-upper', filename: 'app.JS' }, { uploadId: 'double', filename: 'report.exe.txt' },
    { uploadId: 'path', filename: '../../etc/passwd.txt' }, { uploadId: 'long', filename: `${'n'.repeat(252)}.txt` },
    { uploadId: 'longer', filename: `${'n'.repeat(253)}.txt` }, { uploadId: 'dotfile', filename: '.bashrc' },
    { uploadId: '' }, { uploadId: 'u'.repeat(129) }, { uploadId: 7 }, { fileSize: 0, uploadId: 'zero' },
    { uploadId: 'neg', fileSize: -5 }, { uploadId: 'frac', fileSize: 1.5 }, { uploadId: 'str', fileSize: '10' },
    { uploadId: 'c0', chunkSize: 0 }, { uploadId: 'cbig', chunkSize: MIB + 1 }, { uploadId: 'cnull', chunkSize: null }, { uploadId: 'cmax', chunkSize: MIB },
    { uploadId: 'fname', filename: 5 }, { uploadId: 'max' },
  ]
  for (const c of cases) s.uploadStart('a', 'c', { ...base, ...c })
  s.uploadStart('a', undefined, { ...base, uploadId: 'not-mine', componentId: 'LiveChat-not-mine' })
  s.send('a', { type: 'FILE_UPLOAD_START', ...base, uploadId: 'no-type-field-order', requestId: 'bare' })
  s.send('a', { type: 'FILE_UPLOAD_START', componentId: 5, ...base, uploadId: 'cid-number', requestId: 'cid-number' })
})

export const uploadChunkRefusals: Scenario = scenario('upload-chunk-refusals', 'chunks refused or out of order: unknown id, index, data, size; COMPLETE too early', 'demo', (s) => {
  s.mount('a', 'LiveChat', { as: 'c' })
  s.uploadStart('a', 'c', { uploadId: 'u', filename: 'ten.txt', fileType: 'text/plain', fileSize: 10, chunkSize: 4 })
  s.uploadChunk('a', 'c', 'nope', 0, text('abcd'))
  for (const index of [3, -1, 1.5, '0', null]) s.uploadChunk('a', 'c', 'u', index, text('abcd'))
  s.send('a', { type: 'FILE_UPLOAD_CHUNK', componentId: '$c', uploadId: 'u', chunkIndex: 0, requestId: 'no-data' })
  s.uploadChunk('a', 'c', 'u', 0, 5)
  s.uploadChunk('a', 'c', 'u', 0, text('abcde'))
  s.uploadChunk('a', 'c', 'u', 2, text('ijkl'))
  s.uploadChunk('a', 'c', 'u', 2, 'not even base64!')
  s.uploadChunk('a', 'c', 'u', 0, text('abcd'))
  s.uploadComplete('a', 'c', 'u')
  s.uploadChunk('a', 'c', 'u', 1, text('efgh'))
  s.uploadChunk('a', 'c', 'u', 1, text('ef'))
  s.uploadComplete('a', 'c', 'u')
  s.uploadChunk('a', 'c', 'u', 1, text('ef'))
  s.uploadChunk('a', 'c', 5, 0, text('a'))
  s.send('a', { type: 'FILE_UPLOAD_COMPLETE', componentId: '$c', requestId: 'complete-no-id' })
  s.uploadComplete('a', 'c', '')
  s.uploadComplete('a', undefined, 'nope')
})

export const uploadContent: Scenario = scenario('upload-magic-bytes', 'a type the content does not match is refused at COMPLETE (and stays retryable)', 'demo', (s) => {
  s.auth('a', 'pro-user').mount('a', 'LiveChat', { as: 'c' })
  s.uploadStart('a', 'c', { uploadId: 'fake', filename: 'cat.png', fileType: 'image/png', fileSize: 8 })
  s.uploadChunk('a', 'c', 'fake', 0, text('MZ-not-a'))
  s.uploadComplete('a', 'c', 'fake')
  s.uploadComplete('a', 'c', 'fake')
  s.uploadStart('a', 'c', { uploadId: 'gz', filename: 'x.tar.gz', fileType: 'application/gzip', fileSize: 4 })
  s.uploadChunk('a', 'c', 'gz', 0, Buffer.from([0x1f, 0x8b, 0x08, 0x00]))
  s.uploadComplete('a', 'c', 'gz')
  s.uploadStart('a', 'c', { uploadId: 'svg', filename: 'logo.svg', fileType: 'image/svg+xml', fileSize: 5 })
  s.uploadChunk('a', 'c', 'svg', 0, text('<svg>'))
  s.uploadComplete('a', 'c', 'svg')
  s.uploadStart('a', 'c', { uploadId: 'gif', filename: 'a.gif', fileType: 'image/gif', fileSize: 3, chunkSize: 3 })
  s.uploadChunk('a', 'c', 'gif', 0, text('GIF'))
  s.uploadComplete('a', 'c', 'gif')
})

export const uploadOwnership: Scenario = scenario('upload-ownership', 'another connection cannot touch an upload; a closed connection frees its uploads', 'demo', (s) => {
  s.auth('a', 'admin').mount('a', 'LiveChat', { as: 'ca' })
  s.auth('b', 'free-user').mount('b', 'LiveChat', { as: 'cb' })
  s.uploadStart('a', 'ca', { uploadId: 'mine', filename: 'a.txt', fileType: 'text/plain', fileSize: 3 })
  s.uploadChunk('b', 'cb', 'mine', 0, text('abc'))
  s.uploadComplete('b', 'cb', 'mine')
  s.uploadStart('b', 'ca', { uploadId: 'theirs', filename: 'b.txt', fileType: 'text/plain', fileSize: 3 })
  s.uploadStart('b', 'cb', { uploadId: 'mine', filename: 'b.txt', fileType: 'text/plain', fileSize: 3 })
  s.uploadBinary('b', { type: 'FILE_UPLOAD_CHUNK', uploadId: 'mine', chunkIndex: 0 }, text('abc'))
  s.close('a')
  s.uploadStart('b', 'cb', { uploadId: 'mine', filename: 'b.txt', fileType: 'text/plain', fileSize: 3 })
  s.uploadBinary('b', { type: 'FILE_UPLOAD_CHUNK', uploadId: 'mine', chunkIndex: 0 }, text('abc'))
  s.uploadComplete('b', 'cb', 'mine')
})

/** A binary frame from parts: `[u32 LE length][header text][bytes]`. */
function frame(length: number, header: string, bytes = Buffer.alloc(0)): string {
  const head = Buffer.alloc(4)
  head.writeUInt32LE(length, 0)
  return Buffer.concat([head, Buffer.from(header, 'utf8'), bytes]).toString('hex')
}

export const uploadBinaryHostile: Scenario = scenario('upload-binary-hostile', 'binary frames that are short, garbled, not chunks, or for bad uploads', 'demo', (s) => {
  s.mount('a', 'LiveChat', { as: 'c' })
  s.uploadStart('a', 'c', { uploadId: 'b1', filename: 'b.txt', fileType: 'text/plain', fileSize: 4, chunkSize: 2 })
  s.binary('a', '01')
  s.binary('a', '')
  s.binary('a', frame(2, '{x'))
  s.binary('a', frame(4, 'null'))
  s.binary('a', frame(1, '5'))
  s.binary('a', frame(16, '{"type":"OTHER"}'))
  s.binary('a', frame(2, '[]'))
  s.binary('a', frame(0xffffffff, '{"type":"FILE_UPLOAD_CHUNK","uploadId":"b1","chunkIndex":0,"requestId":"whole"}'))
  s.uploadBinary('a', { type: 'FILE_UPLOAD_CHUNK', uploadId: 'b1', chunkIndex: 9 }, text('ab'))
  s.uploadBinary('a', { type: 'FILE_UPLOAD_CHUNK', uploadId: 'b1', chunkIndex: 0 }, text('abc'))
  s.uploadBinary('a', { type: 'FILE_UPLOAD_CHUNK', uploadId: 'b1', chunkIndex: 0 }, text('ab'))
  s.uploadBinary('a', { type: 'FILE_UPLOAD_CHUNK', uploadId: 'b1', chunkIndex: 1 }, Buffer.alloc(0))
  s.uploadBinary('a', { type: 'FILE_UPLOAD_CHUNK', uploadId: 'nope', chunkIndex: 0 }, text('ab'))
  s.binary('a', frame(40, '{"type":"FILE_UPLOAD_CHUNK","uploadId":"b1"}'))
  s.uploadComplete('a', 'c', 'b1')
})

export const uploadScenarios: readonly Scenario[] = [uploadJson, uploadBinary, uploadStartRefusals, uploadChunkRefusals, uploadContent, uploadOwnership, uploadBinaryHostile]
