/**
 * Signed component state, as FluxStack Live makes and checks it
 * (security/StateSignature.ts at fluxstack-live@d8538f75): the state plus
 * `__componentName` as JSON (gzip + base64 when that is under 90% of a text
 * over 1024 characters), HMAC-SHA256 over `componentId:version:timestamp:data`
 * with the server secret, hex. Clients keep it to re-hydrate after a
 * reconnect; COMPONENT_REHYDRATE accepts it for 30 minutes. Nonces and
 * encryption are off, as in the library's defaults.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { gunzipSync, gzip, gzipSync } from 'node:zlib'
import type { SignedStateShape } from '../protocol-validate'

/** StateSignature.ts defaults: maxStateAge 30 min, compression threshold 1024 characters. */
export const MAX_STATE_AGE_MS = 30 * 60 * 1000
const COMPRESS_OVER_CHARS = 1024

export interface SignedState {
  readonly data: string
  readonly signature: string
  readonly timestamp: number
  readonly version: number
  readonly componentId: string
  readonly compressed: boolean
  readonly encrypted: boolean
}

export type StateCheck = { readonly ok: true } | { readonly ok: false; readonly error: string }

export class StateSigner {
  private readonly key: Buffer

  /** `secret` is used as UTF-8 bytes, as the library does with LIVE_STATE_SECRET. */
  constructor(secret: string, private readonly now: () => number = Date.now) {
    this.key = Buffer.from(secret, 'utf8')
  }

  /** StateSignature.computeSignatureWithKey: a nonce, when the state has one, is signed too. */
  private hmac(componentId: string, version: number, timestamp: number, data: string, nonce?: string): string {
    return createHmac('sha256', this.key).update(`${componentId}:${version}:${timestamp}:${data}${nonce ? `:${nonce}` : ''}`).digest('hex')
  }

  /**
   * Signs `state` (already including `__componentName`, as its last key).
   * @example signer.sign('c1', { count: 1, __componentName: 'Counter' }, 1)
   */
  sign(componentId: string, state: Readonly<Record<string, unknown>>, version: number): SignedState {
    const json = JSON.stringify(state)
    let data = json
    let compressed = false
    if (json.length > COMPRESS_OVER_CHARS) {
      const packed = gzipSync(Buffer.from(json, 'utf8')).toString('base64')
      if (packed.length < json.length * 0.9) {
        data = packed
        compressed = true
      }
    }
    const timestamp = this.now()
    return { data, signature: this.hmac(componentId, version, timestamp, data), timestamp, version, componentId, compressed, encrypted: false }
  }

  /**
   * The same signature from the state's JSON text (which already ends with
   * `__componentName`), compressed off the event loop: for renewals, which
   * need not be answered in the same turn. Byte for byte what `sign` makes.
   */
  signTextAsync(componentId: string, json: string, version: number): Promise<SignedState> {
    const finish = (data: string, compressed: boolean): SignedState => {
      const timestamp = this.now()
      return { data, signature: this.hmac(componentId, version, timestamp, data), timestamp, version, componentId, compressed, encrypted: false }
    }
    if (json.length <= COMPRESS_OVER_CHARS) return Promise.resolve(finish(json, false))
    return new Promise((resolve, reject) => {
      gzip(Buffer.from(json, 'utf8'), (error, packed) => {
        if (error) return reject(error)
        const base64 = packed.toString('base64')
        resolve(base64.length < json.length * 0.9 ? finish(base64, true) : finish(json, false))
      })
    })
  }

  /** `validateState(ss, { skipNonce: true })`: age first, then the signature. */
  validate(ss: SignedStateShape): StateCheck {
    if (this.now() - ss.timestamp > MAX_STATE_AGE_MS) return { ok: false, error: 'State expired' }
    const expected = Buffer.from(this.hmac(ss.componentId, ss.version, ss.timestamp, ss.data, ss.nonce), 'utf8')
    const given = Buffer.from(ss.signature, 'utf8')
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, error: 'Invalid signature' }
    return { ok: true }
  }

  /** The signed object back (gunzip when compressed); throws with the runtime's own message on bad data. */
  extract(ss: SignedStateShape): unknown {
    if (ss.encrypted === true) throw new Error('Encrypted state is not supported by this server')
    const text = ss.compressed === true ? gunzipSync(Buffer.from(ss.data, 'base64')).toString('utf8') : ss.data
    return JSON.parse(text) as unknown
  }
}
