/**
 * Runs a workspace's own files natively on the reference FluxStack Live
 * runtime (`../shared/reference/fluxstack-live/core.ts`, the library's auth
 * core at d8538f75), instead of the reference's hand-ported demo copy, so any
 * workspace can be compared with the studio. Started as a child process by the
 * recorder and by the external-server browser test:
 *
 *   REF_SOURCE=../shared/reference/fluxstack-live REF_WORKSPACE_DIR=<dir of .ts files> \
 *   STUDIO_KEY_JWK='{"kty":"oct","k":"..."}' REF_PORT=0 node --import tsx tests/conformance/reference-runner.ts
 *
 * It prints `reference listening on ws://127.0.0.1:<port>/api/live/ws`.
 * The reference runtime is copied to a temp dir and corrected where the
 * upstream source at d8538f75 says otherwise (reference-patches.ts, each
 * patch naming the upstream line it follows); REF_ORDER=documented also
 * moves the action gates before actionAuth (the seed's documented order).
 * Workspace providers get `{ ...credentials, claims }` with `claims` verified
 * by jose first, exactly as the studio calls them (HS256, `exp` required unless
 * REF_REQUIRE_EXP=0, 30 s clock tolerance).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { importJWK, jwtVerify, type JWK } from 'jose'
import { WebSocketServer, type WebSocket } from 'ws'
import { applyPatches } from './reference-patches'

type Ctor = (new (...args: never[]) => unknown) & { prototype: unknown }
interface CoreModule {
  LiveServer: new () => {
    useAuth(p: unknown): unknown
    registerComponent(c: unknown): void
    handleOpen(ws: unknown): void
    handleMessage(ws: unknown, raw: unknown, isBinary: boolean): Promise<void>
    handleClose(ws: unknown): Promise<void>
  }
  LiveComponent: Ctor
}
interface WorkspaceProvider {
  readonly name: string
  authenticate(credentials: Record<string, unknown>): Promise<unknown>
  authorizeAction?: (...args: unknown[]) => Promise<boolean>
  authorizeRoom?: (...args: unknown[]) => Promise<boolean>
}

const API_SPECIFIERS = /(['"])(@fluxstack\/live|@core\/server\/live)\1/g

function env(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}

/** Copies the reference runtime (core.ts + upstream/) and applies the upstream corrections. */
function stageRuntime(source: string, root: string, order: string): string {
  const dir = path.join(root, 'runtime')
  fs.mkdirSync(path.join(dir, 'upstream'), { recursive: true })
  fs.copyFileSync(path.join(source, 'core.ts'), path.join(dir, 'core.ts'))
  for (const f of fs.readdirSync(path.join(source, 'upstream'))) fs.copyFileSync(path.join(source, 'upstream', f), path.join(dir, 'upstream', f))
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }')
  applyPatches(dir, { documentedOrder: order === 'documented' })
  return dir
}

/** Copies the workspace's .ts files to a temp dir with the FluxStack imports pointed at a shim over core.ts. */
function stageWorkspace(coreDir: string, workspaceDir: string, root: string): string {
  const staged = path.join(root, 'workspace')
  fs.mkdirSync(staged, { recursive: true })
  const coreUrl = pathToFileURL(path.resolve(coreDir, 'core.ts')).href
  // ESM like core.ts, so both load one instance of it (a CommonJS copy would have its own LiveComponent).
  fs.writeFileSync(path.join(staged, 'package.json'), '{ "type": "module" }')
  fs.writeFileSync(path.join(staged, '__live.ts'), [
    `export * from ${JSON.stringify(coreUrl)}`,
    'export const registeredProviders: unknown[] = []',
    'export const liveAuthManager = { register(p: unknown) { registeredProviders.push(p) } }',
  ].join('\n'))
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const from = path.join(dir, entry.name)
      const rel = path.relative(workspaceDir, from)
      if (entry.isDirectory()) {
        fs.mkdirSync(path.join(staged, rel), { recursive: true })
        walk(from)
      } else if (entry.name.endsWith('.ts')) {
        const depth = rel.split(path.sep).length - 1
        const shim = depth === 0 ? './__live' : `${'../'.repeat(depth)}__live`
        fs.writeFileSync(path.join(staged, rel), fs.readFileSync(from, 'utf8').replace(API_SPECIFIERS, (_m, q: string) => `${q}${shim}${q}`))
      }
    }
  }
  walk(workspaceDir)
  return staged
}

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return listFiles(full, base)
    return e.name.endsWith('.ts') && e.name !== '__live.ts' ? [full] : []
  }).sort()
}

function isProviderLike(v: unknown): boolean {
  if (typeof v === 'function') return typeof (v as { prototype?: { authenticate?: unknown } }).prototype?.authenticate === 'function'
  return typeof v === 'object' && v !== null && typeof (v as { authenticate?: unknown }).authenticate === 'function'
}

/** The studio's verification half in front of a workspace provider (same order: verify, then map). */
function verifying(provider: WorkspaceProvider, key: CryptoKey | Uint8Array, requireExp: boolean): WorkspaceProvider {
  const wrapped: WorkspaceProvider = {
    name: provider.name,
    async authenticate(credentials) {
      let claims: Record<string, unknown> | undefined
      const token = credentials.token
      if (typeof token === 'string' && token.length > 0) {
        try {
          const r = await jwtVerify(token, key, { algorithms: ['HS256'], clockTolerance: 30, ...(requireExp ? { requiredClaims: ['exp'] } : {}) })
          claims = r.payload as Record<string, unknown>
        } catch {
          claims = undefined
        }
      }
      return provider.authenticate.call(provider, { ...credentials, claims })
    },
  }
  if (typeof provider.authorizeAction === 'function') wrapped.authorizeAction = (...args) => provider.authorizeAction!.apply(provider, args)
  if (typeof provider.authorizeRoom === 'function') wrapped.authorizeRoom = (...args) => provider.authorizeRoom!.apply(provider, args)
  return wrapped
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ref-runtime-'))
  const coreDir = stageRuntime(path.resolve(env('REF_SOURCE')), root, process.env.REF_ORDER ?? 'library')
  // Completed uploads are written here (upstream's `uploadsDir` option; its default `./uploads` would be the project).
  process.env.REF_UPLOADS_DIR ??= path.join(root, 'uploads')
  const staged = stageWorkspace(coreDir, path.resolve(env('REF_WORKSPACE_DIR')), root)
  const core = (await import(pathToFileURL(path.join(coreDir, 'core.ts')).href)) as CoreModule
  const shim = (await import(pathToFileURL(path.join(staged, '__live.ts')).href)) as { registeredProviders: unknown[] }
  const jwk = JSON.parse(env('STUDIO_KEY_JWK')) as JWK
  const key = await importJWK({ ...jwk, alg: 'HS256' }, 'HS256')
  const requireExp = process.env.REF_REQUIRE_EXP !== '0'

  const server = new core.LiveServer()
  const providers: WorkspaceProvider[] = []
  const seen = new Set<unknown>()
  const addProvider = (value: unknown) => {
    if (seen.has(value)) return
    seen.add(value)
    const instance = (typeof value === 'function' ? new (value as new () => unknown)() : value) as WorkspaceProvider
    providers.push(instance)
  }
  for (const file of listFiles(staged)) {
    const ns = (await import(pathToFileURL(file).href)) as Record<string, unknown>
    for (const value of Object.values(ns)) {
      if (typeof value === 'function' && value.prototype instanceof core.LiveComponent) server.registerComponent(value)
      else if (isProviderLike(value)) addProvider(value)
    }
  }
  for (const p of shim.registeredProviders) if (isProviderLike(p)) addProvider(p)
  for (const p of providers) server.useAuth(verifying(p, key as CryptoKey, requireExp))

  const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.REF_PORT ?? 0), path: '/api/live/ws' })
  wss.on('connection', (sock: WebSocket, req) => {
    const gws = {
      send: (d: string | Uint8Array) => sock.send(d),
      close: (c?: number, r?: string) => sock.close(c, r),
      get readyState() { return sock.readyState },
      data: { origin: req.headers.origin } as unknown,
    }
    server.handleOpen(gws)
    sock.on('message', (data: Buffer, isBinary: boolean) => {
      const raw = isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data.toString()
      server.handleMessage(gws, raw, isBinary).catch((e: unknown) => console.error('[ref] unhandled rejection in handleMessage:', e))
    })
    sock.on('close', () => void server.handleClose(gws).catch((e: unknown) => console.error('[ref] close error', e)))
  })
  wss.on('listening', () => {
    const address = wss.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    console.log(`reference listening on ws://127.0.0.1:${port}/api/live/ws`)
  })
  process.on('SIGTERM', () => {
    fs.rmSync(root, { recursive: true, force: true })
    process.exit(0)
  })
}

main().catch((e: unknown) => {
  console.error('[ref] failed to start:', e)
  process.exit(1)
})
