import path from 'node:path'
import { z } from 'zod'
import type { SecretSource } from './store/store-secret'

/** Raised when the environment asks for something unsafe or malformed; the server refuses to start. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID'
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  STUDIO_DATA_DIR: z.string().min(1).optional(),
  STUDIO_ADMIN_TOKEN: z
    .string()
    .min(16, 'STUDIO_ADMIN_TOKEN must be at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  STUDIO_LIVE_ORIGINS: z.string().optional(),
  STUDIO_MAX_HTTP_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(512),
  STUDIO_DATABASE_URL: z
    .string()
    .regex(/^postgres(?:ql)?:\/\/\S+$/, 'STUDIO_DATABASE_URL must be a postgres:// (or postgresql://) URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  STUDIO_SECRET: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  STUDIO_SECRET_FILE: z.string().min(1).optional().or(z.literal('').transform(() => undefined)),
})

export interface StudioConfig {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  readonly adminToken: string | undefined
  /** Extra origins allowed on the live socket besides the studio's own; '*' only when set explicitly. */
  readonly liveOrigins: readonly string[]
  /** Open HTTP connections at most (WebSockets not counted); more are answered 503. Default 512. */
  readonly maxHttpConnections?: number
  /** STUDIO_DATABASE_URL: the store on Postgres; absent, SQLite in `dataDir`. */
  readonly databaseUrl?: string
  /** Where the key that encrypts private keys at rest comes from; absent, `<dataDir>/secret.key` (generated). */
  readonly secret?: SecretSource
}

/** Reads and checks the environment once, at start. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): StudioConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    throw new ConfigError(`Invalid configuration: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`.trim())
  }
  const e = parsed.data
  if (!isLoopbackHost(e.HOST) && !e.STUDIO_ADMIN_TOKEN) {
    throw new ConfigError(
      `HOST=${e.HOST} exposes the studio beyond this machine; set STUDIO_ADMIN_TOKEN (16+ characters) ` +
        `so every page and API asks for it, or bind to 127.0.0.1.`,
    )
  }
  if (e.STUDIO_SECRET && e.STUDIO_SECRET_FILE) throw new ConfigError('Set STUDIO_SECRET or STUDIO_SECRET_FILE, not both.')
  const secret: SecretSource = e.STUDIO_SECRET
    ? { kind: 'text', value: e.STUDIO_SECRET }
    : e.STUDIO_SECRET_FILE
      ? { kind: 'file', path: path.resolve(cwd, e.STUDIO_SECRET_FILE) }
      : { kind: 'generated' }
  if (e.STUDIO_DATABASE_URL && secret.kind === 'generated') {
    throw new ConfigError(
      'STUDIO_DATABASE_URL puts the store on a shared database: set STUDIO_SECRET or STUDIO_SECRET_FILE, ' +
        'the same on every instance, so each can read the private keys the others stored.',
    )
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.STUDIO_DATA_DIR ?? '.data'),
    adminToken: e.STUDIO_ADMIN_TOKEN,
    liveOrigins: (e.STUDIO_LIVE_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    maxHttpConnections: e.STUDIO_MAX_HTTP_CONNECTIONS,
    ...(e.STUDIO_DATABASE_URL ? { databaseUrl: e.STUDIO_DATABASE_URL } : {}),
    secret,
  }
}
