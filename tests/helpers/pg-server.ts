import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from './free-port'

const run = promisify(execFile)

/** A throwaway Postgres server: its own data dir in a temp dir, on a free loopback port. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/<database>`: trust auth, loopback only. */
  readonly url: string
  readonly port: number
  /** The temp dir holding the data dir, the socket and the log; removed by `stop()`. */
  readonly dir: string
  /** Stops the server and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>
  /** Stops and starts the same data dir on the same port: what "Postgres restarted mid-run" means. */
  restart(options?: RestartOptions): Promise<void>
  /** Stops the server, keeping its data dir (an outage); `up()` brings it back. */
  down(mode?: ShutdownMode): Promise<void>
  /** Starts the server again after `down()`, waiting until it accepts connections. */
  up(): Promise<void>
}

/** `fast` is a clean shutdown; `immediate` is a crash as far as the data dir is concerned (recovery replays the WAL). */
export type ShutdownMode = 'fast' | 'immediate'

export interface RestartOptions {
  readonly mode?: ShutdownMode
  /** Runs while the server is down (e.g. to check that a request fails clearly during the outage). */
  readonly whileDown?: () => Promise<void>
}

export interface StartPostgresOptions {
  /** The database created for the caller; default `studio`. */
  readonly database?: string
  /** Extra server settings (`-c name=value`), e.g. `{ shared_buffers: '256MB' }` for a benchmark. */
  readonly settings?: Readonly<Record<string, string>>
}

/**
 * Starts a throwaway Postgres for a test or a benchmark. As root it runs as the `postgres` OS user (Postgres refuses root);
 * otherwise as the current user. fsync stays on: an acknowledged commit is durable, which the restart tests rely on.
 *
 * @example
 * const pgServer = await startPostgres()
 * const store = await openPostgresStore(pgServer.url, options)
 * await pgServer.stop()
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir()
  const asUser = runAsUser()
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-pg-'))
  const dataDir = path.join(root, 'data')
  const logFile = path.join(root, 'postgres.log')
  if (asUser) chownTo(root, asUser)
  const exec = (tool: string, args: string[]) => execAs(asUser, path.join(bin, tool), args, root)
  const port = await freePort()
  const serverOptions = [
    `-p ${port}`, '-c listen_addresses=127.0.0.1', `-k ${root}`, '-c fsync=on', '-c log_min_messages=warning',
    ...Object.entries(options.settings ?? {}).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ')
  let running = false
  let removed = false

  const up = async () => {
    await exec('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start']).catch((error: unknown) => {
      throw new Error(`pg_ctl start failed: ${describe(error)}\n${tail(logFile)}`)
    })
    running = true
  }
  const down = async (mode: ShutdownMode = 'fast') => {
    if (!running) return
    await exec('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop'])
    running = false
  }
  // A test process that dies without calling stop() must not leave a server behind.
  const onExit = () => {
    if (running) {
      try {
        execFileSync(...argv(asUser, path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore', cwd: root })
      } catch {
        // best effort at exit
      }
    }
    fs.rmSync(root, { recursive: true, force: true })
  }
  process.once('exit', onExit)

  try {
    // --no-sync only skips syncing initdb's own files (seconds on a busy disk); the server itself runs with fsync on.
    await exec('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'])
    await up()
    const database = options.database ?? 'studio'
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' })
    await admin.connect()
    try {
      await admin.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`)
    } finally {
      await admin.end()
    }
    return {
      url: `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      port,
      dir: root,
      down,
      up,
      async restart(restartOptions = {}) {
        await down(restartOptions.mode)
        try {
          await restartOptions.whileDown?.()
        } finally {
          await up()
        }
      },
      async stop() {
        if (removed) return
        // The data dir is removed next: no need for a shutdown checkpoint.
        await down('immediate')
        process.removeListener('exit', onExit)
        fs.rmSync(root, { recursive: true, force: true })
        removed = true
      },
    }
  } catch (error) {
    await down('immediate').catch(() => undefined)
    process.removeListener('exit', onExit)
    fs.rmSync(root, { recursive: true, force: true })
    throw error
  }
}

/** The directory holding initdb and pg_ctl: `PG_BIN`, the newest /usr/lib/postgresql/<v>/bin, or PATH. */
export function postgresBinDir(): string {
  const candidates: string[] = []
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN)
  const debianRoot = '/usr/lib/postgresql'
  if (fs.existsSync(debianRoot)) {
    const versions = fs.readdirSync(debianRoot).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
    candidates.push(...versions.map((v) => path.join(debianRoot, v, 'bin')))
  }
  candidates.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean))
  const found = candidates.find((dir) => isExecutable(path.join(dir, 'initdb')) && isExecutable(path.join(dir, 'pg_ctl')))
  if (!found) {
    throw new Error('Postgres server binaries (initdb, pg_ctl) not found: install them with `apt-get install postgresql`, or set PG_BIN to their directory')
  }
  return found
}

interface OsUser {
  readonly name: string
  readonly uid: number
  readonly gid: number
}

/** Postgres refuses to run as root: as root, run it as the `postgres` OS user (the Debian package creates it). */
function runAsUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    return { name: 'postgres', uid, gid }
  } catch {
    throw new Error('running as root, but there is no `postgres` OS user to run Postgres as: `apt-get install postgresql` creates it')
  }
}

function chownTo(dir: string, user: OsUser): void {
  fs.chownSync(dir, user.uid, user.gid)
  fs.chmodSync(dir, 0o700)
}

function argv(user: OsUser | undefined, file: string, args: string[]): [string, string[]] {
  return user ? ['runuser', ['-u', user.name, '--', file, ...args]] : [file, args]
}

async function execAs(user: OsUser | undefined, file: string, args: string[], cwd: string): Promise<void> {
  const [command, commandArgs] = argv(user, file, args)
  // cwd: the postgres user may not be allowed into the caller's directory.
  await run(command, commandArgs, { cwd, env: { ...process.env, LC_ALL: 'C.UTF-8' } })
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error && typeof error.stderr === 'string' && error.stderr.trim()) return error.stderr.trim()
  return error instanceof Error ? error.message : String(error)
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n')
  } catch {
    return ''
  }
}
