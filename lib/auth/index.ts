/** Public surface of the pure auth engine (no Node, no React, no I/O). */
export type * from './types'
export {
  createAuthContext, anonymousContext, contextFromSnapshot, snapshotOf, trackReads, recordSessionRead, rawSessionOf, taggedContext, callTagOf,
} from './context'
export { trackPayloadReads, rawPayloadOf, recordPayloadRead } from './payload-reads'
export { coerceAuthorizeResult, coerceProviderResult, type Coerced } from './coerce'
export * as reasons from './reasons'
export { decideMount, MOUNT_LAYERS, type MountRequest } from './mount'
export { decideAction, decideActionNow, type ActionRequest } from './action'
export { BLOCKED_ACTIONS, methodLookup } from './action-layers'
export { decideRoomJoin, type RoomJoinRequest } from './room'
export { decideProperty, updatableKeys, RESERVED_PROPERTY_KEYS, type PropertyRequest } from './property'
export { PROFILES, DEFAULT_PROFILE, isProfileId, actionLayers } from './profiles'
export { type Clock, type Layer, type LayerResult, NOT_REACHED, defaultClock } from './cascade'
export { AuthEngineError, type AuthEngineErrorCode } from './errors'
export { deepFreezeCopy } from './freeze'
export { SHARP_EDGES, SHARP_EDGE_PREFIX, sharpEdge, sharpEdgeOf, type SharpEdgeId } from './sharp-edges'
