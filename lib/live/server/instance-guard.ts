/**
 * After every operation on a mounted component: account its memory, and
 * refuse (unmount) it when it went over a limit or made its engine run out of
 * memory. The client is told why; the next call on that id answers as for any
 * unmounted component, so a client built on the library re-mounts.
 */
import type { ComponentOutcome, SandboxFault } from '../../sandbox'
import type { MountedComponent } from './connection'
import type { LiveContext } from './live-context'
import { unmount } from './mount-handler'

/** Tracks the instance's size; returns the refusal text when it must go (it is then being unmounted). */
export function guardInstance(ctx: LiveContext, mounted: MountedComponent): string | undefined {
  ctx.memory.track(mounted)
  const refusal = ctx.memory.check(mounted)
  if (refusal !== undefined) refuse(ctx, mounted)
  return refusal
}

/** A sandbox fault of an operation; out of memory refuses the instance that caused it. */
export function guardFault(ctx: LiveContext, mounted: MountedComponent, outcome: SandboxFault | Extract<ComponentOutcome, { ok: false }>): string {
  if (outcome.code !== 'ERR_SANDBOX_OUT_OF_MEMORY') return outcome.error
  refuse(ctx, mounted)
  return `${outcome.error}; component '${mounted.name}' was unmounted (the other components were restored with their state)`
}

function refuse(ctx: LiveContext, mounted: MountedComponent): void {
  ctx.memory.refused++
  mounted.owner.components.delete(mounted.id)
  unmount(ctx, mounted).catch(() => undefined)
}
