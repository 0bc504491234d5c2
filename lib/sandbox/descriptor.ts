/**
 * The metadata the guest reports after load (describe-source.ts), validated on
 * the way in: guest output is data from workspace code, never trusted blindly.
 */
import { z } from 'zod'

const strings = z.array(z.string())

/** Where a function is written in the workspace (1-based). */
const sourceLocation = z.object({ file: z.string().max(300), line: z.number().int().positive(), column: z.number().int().positive() })

const authPart = z.object({
  required: z.boolean().optional(),
  roles: strings.optional(),
  permissions: strings.optional(),
  /** Rule id of the guest function. */
  authorize: z.number().int().nonnegative().optional(),
  /** The start of the function's source text, as the guest reports it (located, then dropped, on the host: rule-location.ts). */
  authorizeText: z.string().max(1000).optional(),
  /** Where the authorize function is written, when it could be found. */
  authorizeAt: sourceLocation.optional(),
})

const component = z.object({
  file: z.string(),
  exportName: z.string(),
  name: z.string(),
  issues: strings,
  methods: strings,
  privateKeys: strings,
  publicActions: strings.optional(),
  auth: authPart.optional(),
  actionAuth: z.record(z.string(), authPart).optional(),
  defaultState: z.record(z.string(), z.unknown()).optional(),
  updatableFields: strings.optional(),
})

const provider = z.object({
  file: z.string(),
  exportName: z.string(),
  name: z.string(),
  authenticate: z.number().int().nonnegative(),
  authorizeAction: z.number().int().nonnegative().optional(),
  authorizeRoom: z.number().int().nonnegative().optional(),
})

const machine = z.object({
  file: z.string(),
  allowRead: z.number().int().nonnegative().optional(),
  allowWrite: z.number().int().nonnegative().optional(),
})

const descriptor = z.object({
  components: z.array(component),
  providers: z.array(provider),
  machines: z.array(machine),
  issues: z.array(z.object({ file: z.string(), message: z.string() })),
})

export type GuestAuthPart = z.infer<typeof authPart>
export type GuestComponent = z.infer<typeof component>
export type GuestProvider = z.infer<typeof provider>
export type GuestMachine = z.infer<typeof machine>
export type GuestDescriptor = z.infer<typeof descriptor>

/** Validates the guest's answer; a malformed one is an empty workspace plus an issue. */
export function parseDescriptor(value: unknown): GuestDescriptor {
  const parsed = descriptor.safeParse(value)
  if (parsed.success) return parsed.data
  return { components: [], providers: [], machines: [], issues: [{ file: '(workspace)', message: `Malformed metadata from the sandbox: ${parsed.error.message}` }] }
}
