/**
 * Child processes of the benches: where the reference server is, a free
 * loopback port, and the first line a server prints when it listens.
 */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..')

/** The reference FluxStack Live server's folder (../shared/reference/fluxstack-live or REF_SOURCE), when this machine has it. */
export function referenceSource(): string | undefined {
  const dir = process.env.REF_SOURCE ?? path.resolve(ROOT, '..', 'shared', 'reference', 'fluxstack-live')
  return fs.existsSync(path.join(dir, 'server.ts')) ? dir : undefined
}

/**
 * The V8 flags `npm start` gives the studio (package.json's start script, e.g. a
 * larger young generation), so a bench measures the studio as it is deployed.
 */
export function studioNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: { start?: string } }
  const words = (pkg.scripts?.start ?? '').split(/\s+/)
  return words.filter((w, i) => w.startsWith('--') && w !== '--import' && words[i - 1] !== '--import' && !w.startsWith('--import='))
}

/** A free loopback port (closed again, for a child to listen on). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
    srv.once('error', reject)
  })
}

/** Resolves with the child's first JSON line, or `{ url }` from a 'listening on ws://...' line. */
export function firstJsonLine(child: ChildProcess): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`no start line in 60 s:\n${out}`)), 60_000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.trim().startsWith('{') || l.includes('listening on'))
      if (!line) return
      clearTimeout(timer)
      child.stdout?.removeAllListeners('data')
      child.stdout?.resume()
      const m = /listening on (ws:\/\/\S+)/.exec(line)
      resolve({ child, info: m ? { url: m[1] } : (JSON.parse(line) as Record<string, unknown>) })
    })
    child.once('exit', (code) => reject(new Error(`exited (${code}) before starting:\n${out}`)))
  })
}
