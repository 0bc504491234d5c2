/**
 * `npm run conformance`: replays the corpus against the studio in both
 * ordering profiles and prints the figures and every difference (the same
 * comparison the live test asserts, with all the detail).
 * Options: `-- --only <scenario-id-prefix>`.
 */
import { PROFILES, type ProfileId } from '@/lib/auth'
import { describeDifference, summarize } from './compare'
import { replay } from './replay'

async function main(): Promise<void> {
  const at = process.argv.indexOf('--only')
  const prefix = at >= 0 ? process.argv[at + 1] : undefined
  for (const profile of PROFILES as readonly ProfileId[]) {
    const started = Date.now()
    const results = await replay(profile, prefix ? { only: (id) => id.startsWith(prefix) } : {})
    const s = summarize(results)
    for (const d of s.differences) console.log(describeDifference(d), '\n')
    const pct = (n: number, of: number) => (of === 0 ? '100' : ((100 * n) / of).toFixed(2))
    console.log(`[${profile}] ${s.identical}/${s.steps} steps identical (${pct(s.identical, s.steps)}%), verdicts ${s.verdictsAgreeing}/${s.verdictsCompared} (${pct(s.verdictsAgreeing, s.verdictsCompared)}%) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e)
  process.exit(1)
})
