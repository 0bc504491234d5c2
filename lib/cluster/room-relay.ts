/**
 * Rooms across instances: the room manager's changes go out on the bus and
 * into the shared room store; the other instances' changes come in and are
 * applied. Store writes run in the background: while Redis is away they fail,
 * are counted, and rooms go on within each instance.
 */
import type { LocalRoomChange, RoomFanout, RoomReceiver, SharedRoomView } from '../live/server/room-fanout'
import type { ClusterBus } from './bus'

export class RoomRelay implements RoomFanout {
  private receiver: RoomReceiver | undefined
  /** Shared-store writes that failed (Redis away), for the status. */
  failedWrites = 0

  constructor(private readonly bus: ClusterBus) {}

  /** Connects the room manager that applies the other instances' changes. */
  attach(receiver: RoomReceiver): () => void {
    this.receiver = receiver
    const offRoom = this.bus.on('room', (m) => receiver.applyRemote(m))
    const offGone = this.bus.onInstanceGone((id) => receiver.forgetInstance(id))
    // A Redis that restarted lost the rooms: write back what this instance holds (a room still kept is left as is).
    const offBack = this.bus.onReconnect(() => this.restore(receiver))
    return () => {
      offRoom()
      offGone()
      offBack()
      this.receiver = undefined
    }
  }

  publish(change: LocalRoomChange): void {
    const { roomId, frame, exclude, member, diff, values, created } = change
    this.bus.publish({
      kind: 'room', roomId,
      ...(frame !== undefined ? { frame } : {}),
      ...(exclude !== undefined ? { exclude } : {}),
      ...(member !== undefined ? { member } : {}),
      ...(diff !== undefined ? { diff } : {}),
    })
    const store = this.bus.rooms
    // Arguments are serialized now, in call order, so the store sees the changes in the order they were made.
    if (created) {
      this.background(
        store.create(roomId, created).then((kept) => {
          if (kept) this.receiver?.adoptState(roomId, kept)
        }),
      )
    }
    if (values) this.background(store.write(roomId, values))
    if (member) this.background(store.member(roomId, member.componentId, member.op === 'join' ? this.bus.instanceId : undefined))
  }

  private restore(receiver: RoomReceiver): void {
    const store = this.bus.rooms
    for (const { roomId, state, members } of receiver.held()) {
      this.background(store.create(roomId, state))
      for (const componentId of members) this.background(store.member(roomId, componentId, this.bus.instanceId))
    }
  }

  async load(roomId: string): Promise<SharedRoomView | undefined> {
    const shared = await this.bus.rooms.load(roomId)
    if (!shared) return undefined
    // Members of instances that are not up any more (stopped without leaving) do not count; ours are held here.
    const up = new Set(this.bus.instances().map((i) => i.id))
    const members = new Map([...shared.members].filter(([, owner]) => owner !== this.bus.instanceId && up.has(owner)))
    return { state: shared.state, members }
  }

  destroyed(roomId: string): void {
    this.background(this.bus.rooms.dropIfEmpty(roomId))
  }

  private background(work: Promise<unknown>): void {
    work.catch(() => {
      this.failedWrites++
    })
  }
}
