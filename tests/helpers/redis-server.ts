/**
 * A throwaway Redis for tests: /usr/bin/redis-server (REDIS_SERVER overrides)
 * on a free loopback port, in a temporary directory, with no persistence.
 * `restart()` stops it and starts it again on the same port (same URL), as an
 * outage that ends would look to the studio.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export interface TestRedis {
  readonly url: string
  stop(): Promise<void>
  restart(): Promise<void>
}

const BINARY = process.env.REDIS_SERVER ?? '/usr/bin/redis-server'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port
      server.close(() => resolve(port))
    })
  })
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`redis-server did not start in 10 s:\n${out}`))
    }, 10_000)
    const onData = (d: Buffer) => {
      out += d.toString()
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve(child)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`redis-server could not run (${BINARY}): ${error.message}`))
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code}:\n${out}`))
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

export async function startRedis(): Promise<TestRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-redis-'))
  const port = await freePort()
  let child: ChildProcess | undefined = await launch(port, dir)
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child) await stopChild(child)
      child = undefined
      fs.rmSync(dir, { recursive: true, force: true })
    },
    async restart() {
      if (child) await stopChild(child)
      child = await launch(port, dir)
    },
  }
}
