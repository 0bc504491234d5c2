import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..', '..', '..')

export interface SpawnedStudio {
  readonly child: ChildProcess
  readonly url: string
  readonly dataDir: string
  output(): string
  /** Sends a signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'studio-data-'))
}

/** Runs the real server entry (`lib/server/main.ts`) as `npm start` does, on port 0. */
export function runStudio(env: Record<string, string | undefined>): { child: ChildProcess; output(): string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => out, exited }
}

export async function spawnStudio(env: Record<string, string | undefined> = {}): Promise<SpawnedStudio> {
  const dataDir = env.STUDIO_DATA_DIR ?? tempDataDir()
  const { child, output, exited } = runStudio({ ...env, STUDIO_DATA_DIR: dataDir })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`studio did not start in 30 s:\n${output()}`)), 30_000)
    const onData = () => {
      const m = /Live Auth Studio (?:\(development\) )?at (http:\/\/\S+)/.exec(output())
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout?.on('data', onData)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`studio exited with ${code} before listening:\n${output()}`))
    })
  })
  return {
    child,
    url,
    dataDir,
    output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return { code: child.exitCode, ms: 0 }
      const started = Date.now()
      child.kill(signal)
      const code = await exited
      return { code, ms: Date.now() - started }
    },
  }
}
