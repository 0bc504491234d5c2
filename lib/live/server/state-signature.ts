/**
 * Signed component state, as FluxStack Live makes and checks it
 * (security/StateSignature.ts at fluxstack-live@d8538f75): the state plus
 * `__componentName` as JSON (gzip + base64 when that is under 90% of a text
 * over 1024 characters), HMAC-SHA256 over `componentId:version:timestamp:data`
 * with the server secret, hex. Clients keep it to re-hydrate after a
 * reconnect; COMPONENT_REHYDRATE accepts it for 30 minutes. Nonces and
 * encryption are off, as in the library's defaults (a state marked
 * `encrypted` by the client still takes the decrypt path, as there).
 */
import { createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
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
  private readonly decryptKey = randomBytes(32)

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

  /**
   * The signed object back (decrypt when `encrypted`, gunzip when `compressed`), as
   * StateSignature.extractData; throws with the runtime's own message on bad data.
   * The flags are not signed, so a client can set them on a valid state.
   */
  extract(ss: SignedStateShape): unknown {
    let text = ss.data
    if (ss.encrypted === true) text = this.decrypt(text)
    if (ss.compressed === true) text = gunzipSync(Buffer.from(text, 'base64')).toString('utf8')
    return JSON.parse(text) as unknown
  }

  /**
   * AES-256-GCM over `iv:tag:ciphertext` (base64 parts), step by step as the library does,
   * so a forged `encrypted: true` fails with the same error. The library's key is scrypt of
   * its secret with a per-process random salt; this server never encrypts, so no ciphertext
   * can authenticate under either key and a random one gives the same answers.
   */
  private decrypt(data: string): string {
    const [ivB64, tagB64, body] = data.split(':') as [string, string | undefined, string | undefined]
    const iv = Buffer.from(ivB64, 'base64')
    const tag = Buffer.from(tagB64 as string, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', this.decryptKey, iv)
    decipher.setAuthTag(tag)
    return decipher.update(body as string, 'base64', 'utf8') + decipher.final('utf8')
  }
}
