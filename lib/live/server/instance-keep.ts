/** The last step of a mount or a re-hydration, shared by both: the new instance is kept, or refused for its size. */
import type { MountedComponent } from './connection'
import type { LiveContext } from './live-context'

/**
 * A new instance (mounted or re-hydrated): refused with the limit's text when it is
 * already too big (it is disposed), else registered as its connection's and joined
 * to `mounted.room` (a failed auto-join is swallowed, as the library's ComponentRoomProxy does).
 */
export function keepNewInstance(ctx: LiveContext, mounted: MountedComponent): string | undefined {
  ctx.memory.track(mounted)
  const refusal = ctx.memory.check(mounted)
  if (refusal !== undefined) {
    ctx.memory.forget(mounted)
    ctx.memory.refused++
    void mounted.instance.dispose()
    return refusal
  }
  mounted.owner.components.set(mounted.id, mounted)
  ctx.registry.add(mounted)
  if (mounted.room !== undefined) {
    try {
      ctx.rooms.join(mounted.id, mounted.room, mounted.owner)
    } catch {
      // The library swallows a failed auto-join (ComponentRoomProxy: .catch(() => {})).
    }
  }
  return undefined
}
