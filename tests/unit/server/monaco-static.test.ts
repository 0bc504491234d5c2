import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MonacoStatic } from '@/lib/server/monaco-static'

let dir: string
const big = 'console.log("monaco");\n'.repeat(2000)

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monaco-static-'))
  fs.mkdirSync(path.join(dir, 'monaco', 'vs', 'editor'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'monaco', 'vs', 'editor', 'main.js'), big)
  fs.writeFileSync(path.join(dir, 'secret.js'), 'outside')
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

interface Answer { handled: boolean; status?: number; headers?: Record<string, string>; body?: Buffer }

function ask(s: MonacoStatic, url: string, headers: Record<string, string> = {}, method = 'GET'): Answer {
  const answer: Answer = { handled: false }
  const res = {
    writeHead(status: number, h: Record<string, string>) {
      answer.status = status
      answer.headers = h
      return this
    },
    end(body?: Buffer) {
      answer.body = body
    },
  } as unknown as ServerResponse
  answer.handled = s.handle({ method, url, headers } as IncomingMessage, res)
  return answer
}

const settle = () => new Promise((r) => setTimeout(r, 50))

describe('MonacoStatic', () => {
  it('serves a file as is until its gzip is ready, then gzipped from memory', async () => {
    const s = new MonacoStatic(dir)
    const first = ask(s, '/monaco/vs/editor/main.js', { 'accept-encoding': 'gzip, br' })
    expect(first).toMatchObject({ handled: true, status: 200 })
    expect(first.headers?.['content-type']).toBe('text/javascript; charset=utf-8')
    expect(first.headers?.['content-encoding']).toBeUndefined()
    expect(first.body?.toString()).toBe(big)
    await settle()
    const second = ask(s, '/monaco/vs/editor/main.js', { 'accept-encoding': 'gzip' })
    expect(second.headers?.['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(second.body as Buffer).toString()).toBe(big)
    expect(Number(second.headers?.['content-length'])).toBeLessThan(big.length / 10)
    // A client without gzip gets the plain file.
    expect(ask(s, '/monaco/vs/editor/main.js').body?.toString()).toBe(big)
  })
  it('warms files ahead of the first request', async () => {
    const s = new MonacoStatic(dir)
    s.warm(['vs/editor/main.js', 'vs/missing.js'])
    await settle()
    expect(ask(s, '/monaco/vs/editor/main.js', { 'accept-encoding': 'gzip' }).headers?.['content-encoding']).toBe('gzip')
  })
  it('answers 304 for a matching ETag and HEAD without a body', () => {
    const s = new MonacoStatic(dir)
    const etag = ask(s, '/monaco/vs/editor/main.js').headers?.etag as string
    expect(ask(s, '/monaco/vs/editor/main.js', { 'if-none-match': etag })).toMatchObject({ status: 304 })
    expect(ask(s, '/monaco/vs/editor/main.js', {}, 'HEAD')).toMatchObject({ status: 200, body: undefined })
  })
  it('leaves everything else to Next: other paths, methods, missing files, escapes', () => {
    const s = new MonacoStatic(dir)
    expect(ask(s, '/rules').handled).toBe(false)
    expect(ask(s, '/monaco/vs/editor/main.js', {}, 'POST').handled).toBe(false)
    expect(ask(s, '/monaco/vs/nope.js').handled).toBe(false)
    expect(ask(s, '/monaco/../secret.js').handled).toBe(false)
    expect(ask(s, '/monaco/%2e%2e/secret.js').handled).toBe(false)
    expect(ask(s, '/monaco/vs/%E0%A4%A').handled).toBe(false)
  })
})
