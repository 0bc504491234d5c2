/**
 * The State Backed simulator's form: presets for the demo machines, the
 * persona -> token payload wrapping, and form -> request body with one error
 * per field. Pure: no React, no fetch.
 */
import type { SimRequestBody } from '@/lib/api/workspace'
import { parseJsonInput } from '@/components/live/json-input'

export type SimKind = 'read' | 'write' | 'initialization'
export type TokenSource = 'persona' | 'payload'

export interface SimForm {
  readonly machine: string
  readonly instance: string
  readonly state: string
  readonly context: string
  readonly kind: SimKind
  readonly event: string
  readonly source: TokenSource
  readonly persona: string
  readonly payload: string
}

export type SimField = 'instance' | 'state' | 'context' | 'event' | 'persona' | 'payload' | 'machine'
export type SimFieldErrors = Partial<Record<SimField, string>>

export interface PersonaLike {
  readonly id: string
  readonly claims: Readonly<Record<string, unknown>> | null
}

export const EMPTY_FORM: SimForm = {
  machine: '', instance: '', state: '', context: '', kind: 'read', event: '{\n  "type": "rename"\n}',
  source: 'persona', persona: '', payload: '{\n  "act": { "sub": "u-pro" }\n}',
}

export interface SimPreset {
  readonly id: string
  readonly label: string
  /** What the demo rule should answer (shown next to the preset). */
  readonly expect: 'allow' | 'deny'
  readonly form: Omit<SimForm, 'event'> & { readonly event?: string }
}

const pretty = (value: unknown): string => JSON.stringify(value, null, 2)

/** The demo's two cases, each with an allowed and a denied caller. */
export const SIM_PRESETS: readonly SimPreset[] = [
  {
    id: 'profile-owner', label: 'Profile: the owner reads it', expect: 'allow',
    form: { machine: 'profile', instance: 'u-pro', state: '"active"', context: pretty({ displayName: 'Paula' }), kind: 'read', source: 'persona', persona: 'pro-user', payload: '' },
  },
  {
    id: 'profile-other', label: "Profile: someone else writes to it", expect: 'deny',
    form: { machine: 'profile', instance: 'u-admin', state: '"active"', context: pretty({ displayName: 'Ada' }), kind: 'write', event: pretty({ type: 'rename', name: 'Mallory' }), source: 'persona', persona: 'pro-user', payload: '' },
  },
  {
    id: 'board-member', label: 'Team board: a member of an allowed group', expect: 'allow',
    form: { machine: 'team-board', instance: 'design-board', state: '"open"', context: pretty({ allowedGroups: ['design', 'eng'] }), kind: 'read', source: 'payload', persona: '', payload: pretty({ act: { sub: 'u-pro', groups: ['design'] } }) },
  },
  {
    id: 'board-outsider', label: 'Team board: no allowed group', expect: 'deny',
    form: { machine: 'team-board', instance: 'design-board', state: '"open"', context: pretty({ allowedGroups: ['design', 'eng'] }), kind: 'read', source: 'payload', persona: '', payload: pretty({ act: { sub: 'u-free', groups: ['sales'] } }) },
  },
]

/** Presets whose machine exists in this workspace. */
export function presetsFor(machines: readonly string[]): SimPreset[] {
  return SIM_PRESETS.filter((p) => machines.includes(p.form.machine))
}

/** Applies a preset over the current form (an event is kept when the preset has none). */
export function applyPreset(form: SimForm, preset: SimPreset): SimForm {
  return { ...form, ...preset.form, event: preset.form.event ?? form.event }
}

/**
 * The payload of the persona's State Backed token: `signToken` wraps the
 * end-user claims in `act` (registered claims like aud/iat/exp do not reach
 * authContext, so they are left out). Anonymous personas have no token: `{}`.
 */
export function stateBackedPayloadOf(persona: PersonaLike): Record<string, unknown> {
  return persona.claims === null ? {} : { act: { ...persona.claims } }
}

export type BuiltRequest = { readonly ok: true; readonly body: SimRequestBody } | { readonly ok: false; readonly errors: SimFieldErrors }

/** One JSON editor's error, or undefined (empty text is allowed where `optional`). */
export function jsonFieldError(text: string, options: { optional?: boolean; objectOnly?: boolean } = {}): string | undefined {
  const parsed = parseJsonInput(text, { allowEmpty: options.optional ?? true, objectOnly: options.objectOnly ?? false })
  return parsed.ok ? undefined : parsed.error
}

/** Checks the form and builds the `POST /api/workspace/statebacked` body. */
export function buildSimRequest(form: SimForm, personas: readonly PersonaLike[]): BuiltRequest {
  const errors: SimFieldErrors = {}
  if (form.machine === '') errors.machine = 'Pick a machine.'
  const instance = form.instance.trim()
  if (instance === '') errors.instance = 'Name the instance (State Backed instances are addressed by name).'
  const state = parseJsonInput(form.state)
  if (!state.ok) errors.state = state.error
  const context = parseJsonInput(form.context, { objectOnly: true })
  if (!context.ok) errors.context = context.error
  const event = form.kind === 'write' ? parseJsonInput(form.event, { allowEmpty: false }) : undefined
  if (event && !event.ok) errors.event = event.error

  let tokenPayload: Record<string, unknown> | undefined
  if (form.source === 'persona') {
    const persona = personas.find((p) => p.id === form.persona)
    if (!persona) errors.persona = 'Pick a persona.'
    else tokenPayload = stateBackedPayloadOf(persona)
  } else {
    const payload = parseJsonInput(form.payload, { allowEmpty: false, objectOnly: true })
    if (!payload.ok) errors.payload = payload.error
    else tokenPayload = payload.value as Record<string, unknown>
  }
  if (Object.keys(errors).length > 0 || tokenPayload === undefined) return { ok: false, errors }

  const body: SimRequestBody = {
    machine: form.machine,
    instance: {
      name: instance,
      ...(state.ok && state.value !== undefined ? { state: state.value } : {}),
      ...(context.ok && context.value !== undefined ? { context: context.value } : {}),
    },
    request: form.kind === 'write' ? { kind: 'write', event: event?.ok ? event.value : null } : { kind: form.kind },
    tokenPayload,
  }
  return { ok: true, body }
}
