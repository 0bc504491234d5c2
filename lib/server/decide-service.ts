/**
 * The studio's own prediction of a live decision, computed with lib/auth on the
 * active workspace's components (as loaded in the sandbox). No action body
 * runs and nothing is written: the tester shows it next to what an external
 * FluxStack Live server answered.
 */
import {
  anonymousContext, createAuthContext, decideAction, decideMount, decideProperty, decideRoomJoin,
  type Decision, type LiveAuthContext, type LiveAuthSession, type ProfileId,
} from '../auth'
import { sessionFromClaims } from '../tokens'
import type { ComponentsResponse, DecideAuth, DecideResponse, decideRequestSchema, WorkspaceComponent } from '../api/decide'
import type { SandboxComponent } from '../sandbox'
import { sessionMappingOf } from '../live/server/live-settings'
import type { StudioRuntime } from './registry'
import { loadDraft } from './draft-cache'
import type { HostedVersion } from '../live/server/live-host'
import type { z } from 'zod'

type ParsedRequest = z.output<typeof decideRequestSchema>

export type DecideErrorCode = 'UNKNOWN_COMPONENT' | 'UNKNOWN_PERSONA' | 'PERSONA_NOT_AUTHENTICATED'

/** Expected failures are values; the route maps `code` to a status. */
export type DecideServiceResult =
  | { readonly ok: true; readonly value: DecideResponse }
  | { readonly ok: false; readonly code: DecideErrorCode; readonly message: string }

/** The palette entry of one sandboxed component (no rule bodies, only their summary). */
export function summarizeComponent(c: SandboxComponent): WorkspaceComponent {
  return {
    name: c.name,
    file: c.file,
    publicActions: c.publicActions === undefined ? null : [...c.publicActions],
    methods: [...c.methods],
    auth: {
      required: c.auth?.required === true,
      roles: [...(c.auth?.roles ?? [])],
      permissions: [...(c.auth?.permissions ?? [])],
      hasAuthorize: c.hasAuthorize,
    },
    actionAuth: Object.keys(c.actionAuth ?? {}),
    updatableFields: [...(c.updatableFields ?? Object.keys(c.defaultState ?? {}))],
    defaultState: c.defaultState === undefined ? null : { ...c.defaultState },
  }
}

/** `GET /api/workspace/components`. */
export async function listWorkspaceComponents(runtime: StudioRuntime): Promise<ComponentsResponse> {
  const hosted = await runtime.workspaceHost.current()
  return {
    workspaceId: hosted.workspaceId,
    workspaceVersion: hosted.version,
    profile: hosted.settings.profile,
    components: hosted.loaded.components.map(summarizeComponent),
  }
}

type ContextResult =
  | { readonly ok: true; readonly ctx: LiveAuthContext }
  | { readonly ok: false; readonly code: DecideErrorCode; readonly message: string }

/**
 * Builds the caller's context the way AUTH would, minus token verification:
 * a persona's claims go through the workspace's providers in order (or the
 * built-in claim mapping when there are none).
 */
async function contextOf(auth: DecideAuth, runtime: StudioRuntime, hosted: HostedVersion, nowMs: number): Promise<ContextResult> {
  if (auth.type === 'anonymous') return { ok: true, ctx: anonymousContext() }
  if (auth.type === 'session') return { ok: true, ctx: createAuthContext(auth.session as LiveAuthSession, undefined, nowMs) }
  const persona = (await runtime.store.personas.list(hosted.workspaceId)).find((p) => p.id === auth.persona)
  if (!persona) return { ok: false, code: 'UNKNOWN_PERSONA', message: `No persona '${auth.persona}' in this workspace.` }
  if (persona.claims === null) return { ok: true, ctx: anonymousContext() }
  const claims = persona.claims
  for (const provider of hosted.loaded.providers) {
    try {
      const snapshot = await provider.authenticate({ claims })
      if (snapshot?.authenticated === true && snapshot.session !== undefined) {
        return { ok: true, ctx: createAuthContext(snapshot.session, undefined, nowMs, provider.name) }
      }
    } catch {
      // Same as the live server: a provider that throws is skipped.
    }
  }
  if (hosted.loaded.providers.length === 0) {
    const mapped = sessionFromClaims(claims, sessionMappingOf(hosted.settings.jwt))
    if (mapped.ok) return { ok: true, ctx: createAuthContext(mapped.session, undefined, nowMs, 'jwt') }
  }
  return { ok: false, code: 'PERSONA_NOT_AUTHENTICATED', message: `No provider authenticated persona '${auth.persona}'.` }
}

function decide(req: ParsedRequest, component: SandboxComponent, ctx: LiveAuthContext, hosted: HostedVersion, profile: ProfileId): Promise<Decision> {
  const providers = hosted.loaded.providers
  const provider = providers[0]
  switch (req.kind) {
    case 'mount':
      return decideMount({ component, auth: ctx, profile })
    case 'action':
      return decideAction({
        component, action: req.action ?? '', payload: req.payload, auth: ctx, profile,
        providerCount: providers.length, ...(provider ? { provider } : {}),
      })
    case 'room':
      return decideRoomJoin({ roomId: req.roomId ?? '', auth: ctx, providerCount: providers.length, profile, ...(provider ? { provider } : {}) })
    case 'property':
      return decideProperty({ component, property: req.property ?? '', value: req.value, profile })
  }
}

/**
 * `POST /api/decide`: the studio's prediction for one request.
 * @example await predictDecision(getRuntime(), { component: 'AdminPanel', kind: 'mount', auth: { type: 'anonymous' } }, Date.now())
 */
export async function predictDecision(runtime: StudioRuntime, req: ParsedRequest, nowMs: number): Promise<DecideServiceResult> {
  const saved = await runtime.workspaceHost.current()
  // A draft predicts with its own components and providers, the saved workspace's settings and personas.
  const hosted = req.draft ? { ...saved, loaded: await loadDraft(req.draft.files) } : saved
  const component = hosted.loaded.components.find((c) => c.name === req.component)
  if (!component) {
    return { ok: false, code: 'UNKNOWN_COMPONENT', message: `The ${req.draft ? 'draft' : 'workspace'} has no component '${req.component}'.` }
  }
  const context = await contextOf(req.auth, runtime, hosted, nowMs)
  if (!context.ok) return context
  const decision = await decide(req, component, context.ctx, hosted, req.profile ?? hosted.settings.profile)
  const session = context.ctx.authenticated && context.ctx.session ? { ...context.ctx.session } : null
  return { ok: true, value: { decision: toJson(decision), session, workspaceVersion: hosted.version, source: req.draft ? 'draft' : 'saved' } }
}

/** Decisions hold only JSON values by contract; the round trip drops frozen wrappers and undefined fields. */
function toJson(decision: Decision): DecideResponse['decision'] {
  return JSON.parse(JSON.stringify(decision)) as DecideResponse['decision']
}
