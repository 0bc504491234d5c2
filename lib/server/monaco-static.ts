/**
 * Serves the self-hosted Monaco files (public/monaco/vs, ~4 MB of JavaScript)
 * ahead of Next. Next compresses every response on every request: for
 * Monaco's 2.4 MB main chunk that is 80+ ms of CPU per page load on an idle
 * machine, several hundred under load, on the critical path of /rules. Here
 * each file is gzipped once (off the event loop, in libuv's thread pool) and
 * kept in memory; the first request for a file not yet compressed is served
 * as is. ETags make repeat visits a 304.
 */
import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

const gzip = promisify(zlib.gzip)

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
}

interface CachedFile {
  readonly body: Buffer
  readonly etag: string
  readonly type: string
  gz?: Buffer
  compressing?: boolean
}

export const MONACO_PREFIX = '/monaco/'

export class MonacoStatic {
  private readonly files = new Map<string, CachedFile>()
  private readonly dir: string

  /** `publicDir`: the project's public/ folder. */
  constructor(publicDir: string) {
    this.dir = path.join(publicDir, 'monaco')
  }

  /** Answers GET/HEAD under /monaco/; returns false for anything else (Next handles it). */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const pathname = decodePath(req.url)
    if (pathname === undefined || !pathname.startsWith(MONACO_PREFIX)) return false
    const file = this.read(pathname.slice(MONACO_PREFIX.length))
    if (!file) return false
    const headers: Record<string, string> = { 'content-type': file.type, etag: file.etag, 'cache-control': 'public, max-age=0, must-revalidate', vary: 'Accept-Encoding' }
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers).end()
      return true
    }
    const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    const body = acceptsGzip && file.gz ? file.gz : file.body
    if (body === file.gz) headers['content-encoding'] = 'gzip'
    else if (acceptsGzip) this.compress(file)
    headers['content-length'] = String(body.length)
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
    return true
  }

  /** Compresses `relPaths` ahead of the first page load (fire and forget). */
  warm(relPaths: readonly string[]): void {
    for (const rel of relPaths) {
      const file = this.read(rel)
      if (file) this.compress(file)
    }
  }

  private read(rel: string): CachedFile | undefined {
    const hit = this.files.get(rel)
    if (hit) return hit
    const full = path.resolve(this.dir, rel)
    if (!full.startsWith(this.dir + path.sep)) return undefined
    const type = TYPES[path.extname(full)]
    if (!type) return undefined
    let body: Buffer
    let stat: fs.Stats
    try {
      stat = fs.statSync(full)
      if (!stat.isFile()) return undefined
      body = fs.readFileSync(full)
    } catch {
      return undefined
    }
    const file: CachedFile = { body, type, etag: `"${stat.size.toString(36)}-${Math.trunc(stat.mtimeMs).toString(36)}"` }
    this.files.set(rel, file)
    return file
  }

  private compress(file: CachedFile): void {
    if (file.gz || file.compressing || file.body.length < 1024) return
    file.compressing = true
    gzip(file.body, { level: 6 }).then(
      (gz) => {
        file.gz = gz
      },
      () => {
        file.compressing = false
      },
    )
  }
}

/** The decoded path of a request URL; undefined when it cannot be decoded. */
function decodePath(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://studio.local').pathname)
  } catch {
    return undefined
  }
}
