/**
 * The sandbox time budget of a client address, across instances: what an
 * address spends on one instance is reported to the others every 100 ms and
 * charged to its budget there too, so opening sockets on several instances
 * does not multiply what one address may take. While Redis is away each
 * instance charges only what it ran itself.
 */
import type { ClusterBus } from './bus'

export const REPORT_EVERY_MS = 100

export interface AddressCharges {
  /** Charges `ms` spent on another instance to the address's budget here. */
  chargeAddress(address: string, ms: number): void
}

export class SandboxShare {
  private readonly spent = new Map<string, number>()
  private readonly timer: NodeJS.Timeout
  private readonly off: () => void

  constructor(private readonly bus: ClusterBus, budget: AddressCharges) {
    this.off = bus.on('sandbox-spend', (m) => {
      for (const [address, ms] of Object.entries(m.spent)) budget.chargeAddress(address, ms)
    })
    this.timer = setInterval(() => this.report(), REPORT_EVERY_MS)
    this.timer.unref()
  }

  /** Called with every charge made here. */
  charged(address: string, ms: number): void {
    this.spent.set(address, (this.spent.get(address) ?? 0) + ms)
  }

  report(): void {
    if (this.spent.size === 0) return
    const spent = Object.fromEntries(this.spent)
    this.spent.clear()
    this.bus.publish({ kind: 'sandbox-spend', spent })
  }

  close(): void {
    clearInterval(this.timer)
    this.off()
  }
}
