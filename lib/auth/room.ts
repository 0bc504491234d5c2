/**
 * The room-join cascade: one layer, the default provider's `authorizeRoom`,
 * asked only when at least one provider is registered (LiveServer ROOM_JOIN).
 */
import type { Decision, LiveAuthContext, ProfileId, ProviderSpec } from './types'
import { type Clock, type Layer, type LayerResult, defaultClock, runCascade } from './cascade'
import { callProviderHook } from './rule-call'
import * as reasons from './reasons'
import { DEFAULT_PROFILE } from './profiles'

export interface RoomJoinRequest {
  readonly roomId: string
  readonly auth: LiveAuthContext
  /** The default provider (the only one asked). */
  readonly provider?: ProviderSpec
  /** Providers registered; 0 means rooms are not checked at all. */
  readonly providerCount: number
  readonly profile?: ProfileId
  readonly clock?: Clock
}

type RoomInput = Omit<RoomJoinRequest, 'profile' | 'clock'>

const authorizeRoomLayer: Layer<RoomInput> = {
  id: 'provider.authorizeRoom',
  run({ roomId, auth, provider, providerCount }): LayerResult | Promise<LayerResult> {
    if (providerCount === 0 || provider === undefined) {
      return { outcome: 'skip', reason: 'no auth provider registered: room joins are not checked', inputs: { providerCount } }
    }
    const hook = provider.authorizeRoom
    if (hook === undefined) {
      return { outcome: 'skip', reason: `provider '${provider.name}' has no authorizeRoom`, inputs: { provider: provider.name } }
    }
    const result = callProviderHook(auth, (ctx) => hook(ctx, roomId), 'authorizeRoom', {
      denied: provider.name === '' ? reasons.roomAccessDenied() : reasons.roomDeniedByProvider(roomId, provider.name),
      error: reasons.roomAuthorizationError,
      allowed: `provider '${provider.name}' allowed room '${roomId}'`,
    })
    if (providerCount <= 1) return result
    const note = `only the default provider '${provider.name}' is asked; ${providerCount - 1} other provider(s) are not`
    const addNote = (r: LayerResult): LayerResult => ({ ...r, warnings: [...(r.warnings ?? []), note] })
    return result instanceof Promise ? result.then(addNote) : addNote(result as LayerResult)
  },
}

const ROOM_LAYERS: readonly Layer<RoomInput>[] = [authorizeRoomLayer]

/**
 * Decides whether `auth` may join `roomId`.
 * @example await decideRoomJoin({ roomId: 'vip-lounge', auth, provider, providerCount: 1 })
 */
export function decideRoomJoin(request: RoomJoinRequest): Promise<Decision> {
  const { roomId, auth, provider, providerCount, profile = DEFAULT_PROFILE, clock = defaultClock() } = request
  return runCascade('room', profile, ROOM_LAYERS, { roomId, auth, provider, providerCount }, clock)
}
