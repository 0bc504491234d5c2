import { describe, expect, it } from 'vitest'
import { TOKEN_MASK, maskFrameText, maskJwtLike } from '@/lib/live/client/mask'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl'
const UNSIGNED = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.'
const JWE = 'eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy.dGFn'

describe('maskJwtLike', () => {
  const cases: Array<[string, string, string]> = [
    ['JWS', `Bearer ${JWT}`, `Bearer ${TOKEN_MASK}`],
    ['unsigned JWT', `t=${UNSIGNED} end`, `t=${TOKEN_MASK} end`],
    ['JWE (5 parts)', JWE, TOKEN_MASK],
    ['two tokens', `${JWT} ${JWT}`, `${TOKEN_MASK} ${TOKEN_MASK}`],
    ['plain text untouched', 'eyJust kidding. nothing here', 'eyJust kidding. nothing here'],
  ]
  it.each(cases)('%s', (_name, input, expected) => {
    expect(maskJwtLike(input)).toBe(expected)
  })
})

describe('maskFrameText', () => {
  const cases: Array<[string, string, string[], string]> = [
    ['AUTH token (opaque)', '{"type":"AUTH","payload":{"token":"admin-token"},"requestId":"r1"}', [],
      `{"type":"AUTH","payload":{"token":"${TOKEN_MASK}"},"requestId":"r1"}`],
    ['AUTH credentials', '{"type":"AUTH","payload":{"signature":"sig","publicKey":"pk"}}', [],
      `{"type":"AUTH","payload":{"signature":"${TOKEN_MASK}","publicKey":"pk"}}`],
    ['empty token stays empty (logout)', '{"type":"AUTH","payload":{"token":""}}', [], '{"type":"AUTH","payload":{"token":""}}'],
    ['JWT anywhere in a frame', `{"type":"ERROR","error":"bad ${JWT}"}`, [], `{"type":"ERROR","error":"bad ${TOKEN_MASK}"}`],
    ['session accessToken', '{"type":"AUTH_RESPONSE","payload":{"session":{"accessToken":"abc"}}}', [],
      `{"type":"AUTH_RESPONSE","payload":{"session":{"accessToken":"${TOKEN_MASK}"}}}`],
    ['known opaque secret echoed elsewhere', '{"type":"ERROR","error":"no user for admin-token-123"}', ['admin-token-123'],
      `{"type":"ERROR","error":"no user for ${TOKEN_MASK}"}`],
    ['short known secrets ignored', '{"type":"PING"}', ['PING'], '{"type":"PING"}'],
    ['non-JSON text', `garbage ${JWT}`, [], `garbage ${TOKEN_MASK}`],
    ['batch', `[{"type":"AUTH","payload":{"token":"x"}},{"type":"PING"}]`, [], `[{"type":"AUTH","payload":{"token":"${TOKEN_MASK}"}},{"type":"PING"}]`],
  ]
  it.each(cases)('%s', (_name, text, known, expected) => {
    expect(maskFrameText(text, known)).toBe(expected)
  })

  it('keeps a __proto__ key as inert data', () => {
    const masked = maskFrameText('{"__proto__":{"token":"secret-value"}}')
    expect(masked).toBe(`{"__proto__":{"token":"${TOKEN_MASK}"}}`)
    expect(({} as Record<string, unknown>).token).toBeUndefined()
  })
})
