/**
 * Places where FluxStack Live 0.11 itself is unsafe or surprising. The studio
 * answers exactly as the library does there (a real app is exposed the same
 * way) and marks the decision with one of these, so the developer learns it
 * from the trace. They travel as warnings with a fixed prefix.
 */

export const SHARP_EDGES = {
  'denied-without-reason': "authorize() returned { allowed: false } without a reason: the client receives 'AUTH_DENIED: undefined'; give every denial a reason.",
  'provider-truthy': 'The provider hook returned a truthy value that is not true: the library only tests truthiness, so it allowed; return a real boolean.',
  'action-auth-prototype': "actionAuth[action] is not an own-property lookup: this name resolves to an Object.prototype member (an empty rule), and the provider's authorizeAction is still asked.",
  'provider-exception-leaks': "The provider's authorizeAction threw and the library does not catch it: the exception text reaches the client as the error.",
  'mount-room-unchecked': "COMPONENT_MOUNT with payload.room never calls the provider's authorizeRoom: any client can mount a component straight into this room.",
  'room-initial-state-unfiltered': "ROOM_JOIN's initialState seeds a new room as is: '$'-prefixed (server-only) keys get in, bypassing the ROOM_STATE_SET filter.",
  'unmount-not-owned': "COMPONENT_UNMOUNT checks no ownership: any connection that knows a component id can destroy another client's component.",
  'room-ghost-member': 'A component that joined with ROOM_JOIN stays a room member after it is unmounted: it keeps counting and its connection keeps receiving the room.',
} as const

export type SharpEdgeId = keyof typeof SHARP_EDGES

export const SHARP_EDGE_PREFIX = 'Library sharp edge'

/** The warning text of a sharp edge (`Library sharp edge (id): risk`). */
export function sharpEdge(id: SharpEdgeId): string {
  return `${SHARP_EDGE_PREFIX} (${id}): ${SHARP_EDGES[id]}`
}

/** The id of a sharp-edge warning, or undefined for any other warning. */
export function sharpEdgeOf(warning: string): SharpEdgeId | undefined {
  const m = /^Library sharp edge \(([a-z-]+)\): /.exec(warning)
  return m?.[1] !== undefined && m[1] in SHARP_EDGES ? (m[1] as SharpEdgeId) : undefined
}
