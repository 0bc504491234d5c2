import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { guardListener, isBadInput } from '@/lib/server/request-listener'

/** Just enough of a ServerResponse to see what was answered. */
function fakeResponse(headersSent = false) {
  const answer = { status: 0, headers: {} as Record<string, string>, body: '', destroyed: false }
  const res = {
    headersSent,
    writeHead(status: number, headers: Record<string, string>) {
      answer.status = status
      answer.headers = headers
      return res
    },
    end(body?: string) {
      answer.body = body ?? ''
      return res
    },
    destroy() {
      answer.destroyed = true
    },
  }
  return { res: res as unknown as ServerResponse, answer }
}

const req = {} as IncomingMessage
const flush = () => new Promise((resolve) => setImmediate(resolve))

describe('guardListener', () => {
  it.each([
    ['a URIError', () => decodeURIComponent('%E0%A4%A')],
    ['an invalid URL', () => new URL('//[', 'http://studio.local')],
  ])('answers 400 JSON for %s thrown synchronously', async (_name, fail) => {
    const lines: string[] = []
    const { res, answer } = fakeResponse()
    guardListener(() => void fail(), (line) => lines.push(line))(req, res)
    await flush()
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body)).toEqual({ error: 'BAD_REQUEST', message: 'The request could not be read (a malformed URL, cookie or parameter encoding).' })
    expect(answer.headers['content-type']).toBe('application/json')
    expect(lines).toEqual([])
  })

  it('answers a generic 500 for anything else, sync or async, and logs name and message only', async () => {
    const lines: string[] = []
    for (const listener of [
      () => {
        throw new RangeError('Maximum call stack size exceeded')
      },
      async () => {
        await Promise.resolve()
        throw new RangeError('Maximum call stack size exceeded')
      },
    ]) {
      const { res, answer } = fakeResponse()
      guardListener(listener, (line) => lines.push(line))(req, res)
      await flush()
      expect(answer.status).toBe(500)
      expect(JSON.parse(answer.body)).toEqual({ error: 'INTERNAL', message: 'The studio could not complete this request.' })
      expect(answer.body).not.toContain('at ')
    }
    expect(lines).toEqual(['Request failed: RangeError: Maximum call stack size exceeded', 'Request failed: RangeError: Maximum call stack size exceeded'])
  })

  it('closes a response whose headers already went out', async () => {
    const { res, answer } = fakeResponse(true)
    guardListener(() => Promise.reject(new Error('late')), () => {})(req, res)
    await flush()
    expect(answer).toMatchObject({ status: 0, destroyed: true })
  })

  it('isBadInput', () => {
    expect(isBadInput(new URIError('x'))).toBe(true)
    expect(isBadInput(Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }))).toBe(true)
    expect(isBadInput(new TypeError('x is not a function'))).toBe(false)
  })
})
