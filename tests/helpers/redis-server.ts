import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './free-port'

/** A throwaway Redis: no persistence, loopback only, on a free port, its dir in a temp dir. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** The server's working dir; removed by `stop()`. */
  readonly dir: string
  /** Stops the server and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>
  /** Stops and starts it again on the same port. Nothing persists: the new server starts empty, as a real restart would. */
  restart(options?: { whileDown?: () => Promise<void> }): Promise<void>
  /** Stops the server (an outage); `up()` brings it back on the same port. */
  down(): Promise<void>
  up(): Promise<void>
}

/**
 * Starts `redis-server --port <free> --bind 127.0.0.1 --save '' --appendonly no --dir <tmp>` and waits until it answers PING.
 *
 * @example
 * const redis = await startRedis()
 * const client = new Redis(redis.url)
 * await redis.stop()
 */
export async function startRedis(): Promise<RedisServer> {
  const binary = redisBinary()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-redis-'))
  const port = await freePort()
  let child: ChildProcess | undefined
  let removed = false
  let output = ''

  const up = async () => {
    output = ''
    const started = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child = started
    try {
      await waitForPong(port, 15_000, () => started.exitCode === null && started.signalCode === null)
    } catch (error) {
      started.kill('SIGKILL')
      child = undefined
      throw new Error(`redis-server did not start: ${(error as Error).message}\n${output.slice(-2000)}`)
    }
  }
  const down = async () => {
    const current = child
    if (!current) return
    child = undefined
    if (current.exitCode !== null || current.signalCode !== null) return
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()))
    current.kill('SIGTERM')
    const timer = setTimeout(() => current.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  const onExit = () => {
    child?.kill('SIGKILL')
    fs.rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', onExit)

  try {
    await up()
  } catch (error) {
    process.removeListener('exit', onExit)
    fs.rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    down,
    up,
    async restart(options = {}) {
      await down()
      try {
        await options.whileDown?.()
      } finally {
        await up()
      }
    },
    async stop() {
      if (removed) return
      removed = true
      await down()
      process.removeListener('exit', onExit)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** `REDIS_SERVER` or `redis-server` on PATH, with a clear error naming the package when neither exists. */
export function redisBinary(): string {
  const fromEnv = process.env.REDIS_SERVER
  if (fromEnv) return fromEnv
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error('redis-server not found: install it with `apt-get install redis-server`, or set REDIS_SERVER to the binary')
  }
}

/** Resolves once the server on `port` answers `+PONG` (a listening socket alone can still be loading). */
async function waitForPong(port: number, timeoutMs: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await ping(port)) return
    if (!isAlive()) throw new Error('the process exited')
    if (Date.now() > deadline) throw new Error(`no PONG on 127.0.0.1:${port} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 30))
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    let answer = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1_000, () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      answer += chunk.toString()
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'))
    })
    socket.once('error', () => done(false))
  })
}
