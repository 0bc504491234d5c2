import type { StudioStore } from '@/lib/store/contract'

/** One store under test, on a database of its own. */
export interface StoreHarness {
  readonly store: StudioStore
  /** Another store on the same database, with another secret (the caller closes it). */
  reopen(options: { readonly secret: Buffer }): Promise<StudioStore>
  /** The keys table's private column exactly as stored (encryption at rest is checked on it). */
  rawPrivateKey(workspaceId: string, kid: string): Promise<string | undefined>
  /** Closes every store it opened and removes the database. */
  cleanup(): Promise<void>
}

export interface OpenOptions {
  readonly secret: Buffer
  readonly now?: () => Date
}

/** Opens a store on a fresh, empty database. */
export type OpenStoreHarness = (options: OpenOptions) => Promise<StoreHarness>

/** The fixed clock of the workspace tests. */
export const CLOCK = () => new Date('2026-11-23T10:00:00.000Z')

/** A workspace small enough to read in a test. */
export const FILES = { 'auth/rules.ts': "export const adminOnly = { required: true, roles: ['admin'] }\n" }

/** 32-byte secrets (what loadStoreKey derives); two different ones. */
export const SECRET = Buffer.alloc(32, 7)
export const OTHER_SECRET = Buffer.alloc(32, 9)
