/**
 * How rooms span studio instances (STUDIO_REDIS_URL): the room manager hands
 * every change it makes to a fan-out, which sends it to the other instances,
 * and applies theirs. As FluxStack Live's room pub/sub adapter does
 * (rooms/adapters.ts IRoomPubSubAdapter at fluxstack-live@d8538f75: events,
 * state changes and membership go to the other instances, the sender's own
 * are not echoed, state is kept for instances that join later), with one
 * addition: the frame itself travels, so a member on another instance gets
 * byte for byte what a member on the sender gets.
 */
type Json = Record<string, unknown>

export interface RoomChange {
  readonly roomId: string
  /** The frame without the member's componentId; absent for a silent change (a closed connection's memberships). */
  readonly frame?: string
  /** The component that caused it and gets no copy. */
  readonly exclude?: string
  readonly member?: { readonly op: 'join' | 'leave'; readonly componentId: string }
  /** The state change in deep-diff form. */
  readonly diff?: Json
}

/** A change made here, with what the shared store needs besides. */
export interface LocalRoomChange extends RoomChange {
  /** The full new value of each top-level key the diff touched. */
  readonly values?: Json
  /** The room was created here, with this state. */
  readonly created?: Json
}

/** A change made on another instance. */
export interface RemoteRoomChange extends RoomChange {
  readonly origin: string
}

export interface SharedRoomView {
  readonly state: Json
  /** Members on other instances: component id -> instance id. */
  readonly members: ReadonlyMap<string, string>
}

export interface RoomFanout {
  publish(change: LocalRoomChange): void
  /** The room as other instances hold it, or undefined when none does (or the shared store cannot be reached). */
  load(roomId: string): Promise<SharedRoomView | undefined>
  /** An empty room's grace period ended here. */
  destroyed(roomId: string): void
}

/** What the fan-out calls back on the room manager. */
export interface RoomReceiver {
  applyRemote(change: RemoteRoomChange): void
  /** Another instance created the room first: its state wins. */
  adoptState(roomId: string, state: Json): void
  /** An instance went away: its members leave every room, silently. */
  forgetInstance(instanceId: string): void
  /** The rooms held here with their state and the members on this instance (written to a shared store that lost them). */
  held(): { roomId: string; state: Json; members: string[] }[]
}
