/**
 * The conformance corpus: scenarios of client frames, and the golden
 * transcripts of what fluxstack-live@d8538f75 (the reference server) answered.
 * A scenario is replayed step by step on one or more connections; after each
 * step every connection's frames are collected, so room fan-out to a second
 * connection is compared as well.
 */

/** A JSON value as written in the corpus. `"$name"` strings are replaced by captured values. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

/** How the AUTH token of a step is made. */
export type TokenSpec =
  | { readonly persona: string; readonly variant?: TokenVariant; readonly claims?: Record<string, Json> }
  /** A literal credential string sent as `payload.token` (garbage, truncated...). */
  | { readonly literal: string }
  /** An AUTH without a token: `payload: {}` (logout). */
  | { readonly none: true }

export type TokenVariant = 'valid' | 'expired' | 'wrong-key' | 'no-exp' | 'alg-none' | 'tampered' | 'future-nbf'

interface StepBase {
  /** The connection this step acts on. */
  readonly conn: string
  readonly note?: string
  /** The answer can take long to compute (a key derivation): recording waits for a longer silence. */
  readonly slow?: boolean
}

/** Sends one text frame: a message object (with `$refs` replaced) or raw text as is. */
export interface SendStep extends StepBase {
  readonly send: Json
  /** Name under which a successful mount's componentId (and signed state) is captured. */
  readonly as?: string
}
export interface RawStep extends StepBase { readonly raw: string }
/** Sends one binary frame (hex bytes). */
export interface BinaryStep extends StepBase { readonly binaryHex: string }
/** AUTH with a token built from the spec. */
export interface AuthStep extends StepBase { readonly auth: TokenSpec }
/** Opens the connection (scenario connections are opened lazily by their first step otherwise). */
export interface OpenStep extends StepBase { readonly open: true }
export interface CloseStep extends StepBase { readonly close: true }

export type Step = SendStep | RawStep | BinaryStep | AuthStep | OpenStep | CloseStep

export interface Scenario {
  /** Unique, stable id (golden files are keyed by it). */
  readonly id: string
  readonly title: string
  /** Which corpus workspace the servers host. */
  readonly workspace: WorkspaceName
  readonly steps: readonly Step[]
}

export type WorkspaceName = 'demo' | 'edges'

/** Frames (normalized text) each connection received after one step. */
export type StepFrames = Readonly<Record<string, readonly string[]>>

export interface GoldenScenario {
  readonly id: string
  readonly steps: readonly StepFrames[]
}

export interface GoldenFile {
  readonly recordedFrom: string
  readonly recordedAt: string
  readonly workspace: WorkspaceName
  readonly scenarios: readonly GoldenScenario[]
}
