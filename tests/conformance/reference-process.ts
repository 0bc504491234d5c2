/**
 * Starts the reference runner (reference-runner.ts) as a child process on a
 * free port and stops it again. Used by the recorder and by the browser test
 * that points the live tester at a real FluxStack Live server.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { JWK } from 'jose'

export const ROOT = path.resolve(__dirname, '..', '..')

/** The shared reference server (fluxstack-live@d8538f75), or undefined when this machine has none. */
export function referenceSource(): string | undefined {
  const dir = process.env.REF_SOURCE ?? path.resolve(ROOT, '..', 'shared', 'reference', 'fluxstack-live')
  return fs.existsSync(path.join(dir, 'core.ts')) && fs.existsSync(path.join(dir, 'upstream')) ? dir : undefined
}

export interface ReferenceServer {
  readonly url: string
  readonly child: ChildProcess
  output(): string
  stop(): Promise<void>
}

export interface ReferenceOptions {
  readonly source: string
  /** Folder of the workspace's .ts files. */
  readonly workspaceDir: string
  /** The HS256 secret tokens are signed with. */
  readonly jwk: JWK
  /** `documented` moves the action gates before actionAuth (the seed's order). */
  readonly order?: 'library' | 'documented'
  readonly requireExp?: boolean
}

export async function startReference(opts: ReferenceOptions): Promise<ReferenceServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests', 'conformance', 'reference-runner.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      REF_SOURCE: opts.source,
      REF_WORKSPACE_DIR: opts.workspaceDir,
      STUDIO_KEY_JWK: JSON.stringify(opts.jwk),
      REF_PORT: '0',
      REF_ORDER: opts.order ?? 'library',
      REF_REQUIRE_EXP: opts.requireExp === false ? '0' : '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reference did not start in 30 s:\n${out}`)), 30_000)
    child.stdout?.on('data', () => {
      const m = /reference listening on (ws:\/\/\S+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`reference exited before listening:\n${out}`))
    })
  })
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
