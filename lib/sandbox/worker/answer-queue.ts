/**
 * Hands worker answers to their callers in arrival order, at most
 * ANSWER_BYTES_PER_TURN of answer text per turn of the event loop: what a
 * caller does with an answer (frames, logging) runs right after, so a batch of
 * large answers (a client growing its state) would otherwise hold the studio's
 * thread, and every HTTP request and socket behind it, for tens of milliseconds.
 */
import type { WorkerReply } from './protocol'

/** Answer text handed to callers per turn of the event loop. */
export const ANSWER_BYTES_PER_TURN = 256 * 1024

export class AnswerQueue {
  private readonly waiting: { resolve: (reply: WorkerReply) => void; reply: WorkerReply }[] = []
  private next = 0
  private scheduled = false

  push(resolve: (reply: WorkerReply) => void, reply: WorkerReply): void {
    this.waiting.push({ resolve, reply })
  }

  /** Resolves waiting answers until the turn's bytes are used; the rest go in a later turn. */
  deliver(): void {
    let bytes = 0
    while (this.waiting.length > this.next) {
      const { resolve, reply } = this.waiting[this.next++]!
      resolve(reply)
      bytes += reply.t?.length ?? 0
      if (bytes >= ANSWER_BYTES_PER_TURN && this.waiting.length > this.next) {
        if (!this.scheduled) {
          this.scheduled = true
          setImmediate(() => {
            this.scheduled = false
            this.deliver()
          })
        }
        return
      }
    }
    this.waiting.length = 0
    this.next = 0
  }
}
