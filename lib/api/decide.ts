/**
 * Shapes of the prediction API (`POST /api/decide`) and the workspace's
 * component palette (`GET /api/workspace/components`). Browser-safe: zod only.
 */
import { z } from 'zod'

export const DECIDE_KINDS = ['mount', 'action', 'room', 'property'] as const
export type DecideKind = (typeof DECIDE_KINDS)[number]
export const PROFILE_IDS = ['documented', 'fluxstack-live@0.11'] as const

const name = z.string().min(1).max(200)

/** Who asks: nobody, a workspace persona (its claims go through the workspace's providers), or session claims as a server returned them. */
export const decideAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('anonymous') }).strict(),
  z.object({ type: z.literal('persona'), persona: z.string().min(1).max(64) }).strict(),
  z
    .object({
      type: z.literal('session'),
      session: z.record(z.string(), z.unknown()).refine((s) => typeof s.id === 'string' && s.id !== '', {
        message: 'The session needs a string "id"',
      }),
    })
    .strict(),
])
export type DecideAuth = z.infer<typeof decideAuthSchema>

/** `POST /api/decide`: predict one decision with lib/auth on the workspace's components; no action body runs. */
export const decideRequestSchema = z
  .object({
    component: name,
    kind: z.enum(DECIDE_KINDS),
    action: name.optional(),
    payload: z.unknown().optional(),
    roomId: name.optional(),
    property: name.optional(),
    /** The value a PROPERTY_UPDATE would write. */
    value: z.unknown().optional(),
    auth: decideAuthSchema,
    profile: z.enum(PROFILE_IDS).optional(),
    /** Predict with these unsaved files (a draft from /rules) instead of the saved workspace. */
    draft: z.object({ files: z.record(z.string().min(1).max(200), z.string().max(200_000)) }).strict().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const need = { action: 'action', room: 'roomId', property: 'property' } as const
    if (body.kind === 'mount') return
    const field = need[body.kind]
    if (body[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `"${field}" is required for kind "${body.kind}"` })
  })
export type DecideRequest = z.input<typeof decideRequestSchema>

const jsonRecord = z.record(z.string(), z.unknown())

/** One trace step as it travels (lib/auth `Step`). */
export const stepSchema = z.object({
  layer: z.string(),
  outcome: z.enum(['pass', 'deny', 'skip', 'error']),
  reason: z.string(),
  inputs: jsonRecord.default({}),
  durationUs: z.number().default(0),
  /** Where the developer code of this layer is written (a custom authorize), when the studio could find it. */
  source: z.object({ file: z.string(), line: z.number().int().positive(), column: z.number().int().positive() }).optional(),
})
export type StepView = z.infer<typeof stepSchema>

/** A decision as it travels (lib/auth `Decision`), tolerant of missing optional lists. */
export const decisionSchema = z.object({
  kind: z.string(),
  verdict: z.enum(['allow', 'deny']),
  reason: z.string().optional(),
  decidedBy: z.string().optional(),
  profile: z.string(),
  trace: z.array(stepSchema),
  durationUs: z.number(),
  sessionFieldsRead: z.array(z.string()).default([]),
  warnings: z.array(z.string()).default([]),
})
export type DecisionView = z.infer<typeof decisionSchema>

export const decideResponseSchema = z.object({
  decision: decisionSchema,
  /** The session the prediction used (null: anonymous). */
  session: jsonRecord.nullable(),
  workspaceVersion: z.number().int(),
  /** What the prediction ran on: the saved workspace or the draft of the request. */
  source: z.enum(['saved', 'draft']).default('saved'),
})
export type DecideResponse = z.infer<typeof decideResponseSchema>

/** One component of the active workspace, as the palette shows it. */
export const workspaceComponentSchema = z.object({
  name: z.string(),
  file: z.string(),
  /** null: the class declares no publicActions (every action denied). */
  publicActions: z.array(z.string()).nullable(),
  methods: z.array(z.string()),
  auth: z.object({
    required: z.boolean(),
    roles: z.array(z.string()),
    permissions: z.array(z.string()),
    hasAuthorize: z.boolean(),
  }),
  /** Actions with an actionAuth entry. */
  actionAuth: z.array(z.string()),
  updatableFields: z.array(z.string()),
  defaultState: jsonRecord.nullable(),
})
export type WorkspaceComponent = z.infer<typeof workspaceComponentSchema>

export const componentsResponseSchema = z.object({
  /** The served workspace (its unsaved /rules draft is stored under this id in the browser). */
  workspaceId: z.string().default(''),
  workspaceVersion: z.number().int(),
  profile: z.string(),
  components: z.array(workspaceComponentSchema),
})
export type ComponentsResponse = z.infer<typeof componentsResponseSchema>
