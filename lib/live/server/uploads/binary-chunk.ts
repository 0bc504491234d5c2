import { Buffer } from 'node:buffer'

/**
 * FluxStack Live's binary upload frame (protocol/binary.ts at fluxstack-live@d7ef947, still
 * imported by LiveServer.ts at d8538f75):
 *
 * `[u32 little-endian headerLength][UTF-8 JSON header][raw chunk bytes]`
 *
 * Decoding mirrors upstream's lack of bounds checks on purpose: a short or garbled frame
 * throws Node's own RangeError / SyntaxError, which is the text an upstream client reads
 * in its ERROR frame.
 */
export interface BinaryChunk {
  readonly header: Record<string, unknown>
  /** A view into the frame, not a copy: keep it only as long as the frame. */
  readonly data: Uint8Array
}

/**
 * Splits a binary upload frame into its JSON header and chunk bytes.
 *
 * Throws RangeError (`Attempt to access memory outside buffer bounds`) on a frame under
 * 4 bytes and SyntaxError on a header that is not JSON. A `null` header throws the
 * TypeError upstream's LiveServer hits when it reads `header.type`; any other non-object
 * header (number, string, array) decodes to `{}`, which upstream ignores just the same
 * (its `type` is not `FILE_UPLOAD_CHUNK`, so nothing is answered).
 *
 * @example
 * const { header, data } = decodeBinaryChunk(frame)
 * if (header.type === 'FILE_UPLOAD_CHUNK') manager.receiveChunk({ ...header, data: '' }, data, connId)
 */
export function decodeBinaryChunk(buf: Uint8Array): BinaryChunk {
  const buffer = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
  const headerLength = buffer.readUInt32LE(0)
  // A headerLength past the end is not an error upstream: subarray clamps, so the rest is the header.
  const parsed: unknown = JSON.parse(buffer.subarray(4, 4 + headerLength).toString('utf-8'))
  const data = buffer.subarray(4 + headerLength)
  if (parsed === null) throw new TypeError("Cannot read properties of null (reading 'type')")
  return { header: isRecord(parsed) ? parsed : {}, data }
}

/**
 * Builds a binary upload frame, as upstream's client does (client upload.ts).
 * @example encodeBinaryChunk({ type: 'FILE_UPLOAD_CHUNK', uploadId: 'u1', chunkIndex: 0 }, bytes)
 */
export function encodeBinaryChunk(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf-8')
  const frame = Buffer.alloc(4 + headerBytes.length + data.length)
  frame.writeUInt32LE(headerBytes.length, 0)
  frame.set(headerBytes, 4)
  frame.set(data, 4 + headerBytes.length)
  return frame
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
