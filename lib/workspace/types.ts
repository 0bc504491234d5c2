/** Shapes shared by the workspace store, the sandbox and the pages. */

/** A workspace's sources: relative path ('components/live-chat.ts') -> TypeScript text. */
export type WorkspaceFiles = Record<string, string>

export type PersonaKind = 'user' | 'bot' | 'device' | 'service' | 'anonymous'

/**
 * A named claim set used to mint tokens and to impersonate a caller.
 * `claims: null` is the anonymous persona: no token at all.
 */
export interface Persona {
  readonly id: string
  readonly label: string
  readonly description: string
  readonly kind: PersonaKind
  readonly claims: Readonly<Record<string, unknown>> | null
}

/** A workspace as the pages and the seeding code see it. */
export interface WorkspaceSeed {
  readonly name: string
  readonly files: WorkspaceFiles
  readonly personas: readonly Persona[]
}
