import { generateKey, SIGNING_ALGORITHMS, type SigningAlgorithm, type StudioKey } from '@/lib/tokens'

/** The fixed clock every token test evaluates at. */
export const NOW = new Date('2026-11-23T09:00:00Z')
export const NOW_S = Math.floor(NOW.getTime() / 1000)
export const HOUR = 3600

const cache = new Map<SigningAlgorithm, Promise<StudioKey>>()

/** One generated key per algorithm per test file (RSA 2048 keeps the suite fast). */
export function keyFor(alg: SigningAlgorithm): Promise<StudioKey> {
  let pending = cache.get(alg)
  if (!pending) {
    pending = generateKey({ alg, now: NOW, label: `${alg} fixture` })
    cache.set(alg, pending)
  }
  return pending
}

export const ALL_ALGS: readonly SigningAlgorithm[] = SIGNING_ALGORITHMS
