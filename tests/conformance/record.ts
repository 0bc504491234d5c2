/**
 * `npm run conformance:record`: plays the whole corpus against the reference
 * FluxStack Live server (../shared/reference/fluxstack-live, the library's auth
 * core at d8538f75, with the upstream corrections of reference-patches.ts) and
 * writes what it answered to tests/conformance/golden/. Each workspace is
 * recorded twice: in the library's action order and in the seed's documented
 * order. Skips with a message when the reference is not on this machine.
 *
 * Options: `-- --only <scenario-id-prefix>` records a subset (for a look,
 * nothing is written); with `--merge` as well, the subset replaces those
 * scenarios in the goldens (the others are kept as recorded before).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { base64url, type JWK } from 'jose'
import { CORPUS } from './corpus'
import { drive } from './driver'
import { patchSummary } from './reference-patches'
import { referenceSource, startReference } from './reference-process'
import { GOLDEN_DIR, goldenPath, PROFILES_RECORDED, readGolden, type RecordedOrder } from './golden'
import type { GoldenFile, WorkspaceName } from './types'
import { workspaceDir } from './workspace-files'

async function recordOne(source: string, workspace: WorkspaceName, order: RecordedOrder, only: string | undefined, merge: boolean): Promise<GoldenFile> {
  const jwk: JWK = { kty: 'oct', k: base64url.encode(randomBytes(32)) }
  const ref = await startReference({ source, workspaceDir: workspaceDir(workspace), jwk, order })
  const scenarios = []
  try {
    for (const scenario of CORPUS[workspace]) {
      if (only !== undefined && !scenario.id.startsWith(only)) continue
      const t = await drive(scenario, { url: ref.url, key: { jwk } })
      scenarios.push({ id: scenario.id, steps: t.steps })
      if (only !== undefined && !merge) {
        for (const [i, step] of t.steps.entries()) console.log(`${scenario.id} #${i}`, JSON.stringify(scenario.steps[i]), '\n  ', JSON.stringify(step))
      }
    }
  } finally {
    await ref.stop()
  }
  if (/UNHANDLED|UNCAUGHT|failed to start/.test(ref.output())) console.warn(`[record] the reference logged errors:\n${ref.output()}`)
  return { recordedFrom: 'fluxstack-live@d8538f75 reference (../shared/reference/fluxstack-live) + reference-patches.ts', recordedAt: new Date().toISOString(), workspace, scenarios }
}

async function main(): Promise<void> {
  const source = referenceSource()
  if (!source) {
    console.log('conformance:record skipped: the reference server (../shared/reference/fluxstack-live) is not on this machine; the goldens in tests/conformance/golden/ stay as they are.')
    return
  }
  const onlyAt = process.argv.indexOf('--only')
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined
  const merge = only !== undefined && process.argv.includes('--merge')
  console.log(`[record] reference: ${source}\n[record] corrections applied (upstream wins):\n  ${patchSummary().join('\n  ')}`)
  fs.mkdirSync(GOLDEN_DIR, { recursive: true })
  for (const workspace of Object.keys(CORPUS) as WorkspaceName[]) {
    for (const order of PROFILES_RECORDED) {
      const started = Date.now()
      let golden = await recordOne(source, workspace, order, only, merge)
      if (only !== undefined && !merge) continue
      if (merge) {
        const fresh = new Map(golden.scenarios.map((s) => [s.id, s]))
        const before = readGolden(workspace, order)
        const kept = before.scenarios.filter((s) => !fresh.has(s.id))
        const ids = CORPUS[workspace].map((s) => s.id)
        const scenarios = [...kept, ...golden.scenarios].sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
        golden = { ...before, recordedAt: golden.recordedAt, scenarios }
        console.log(`[record] ${workspace} (${order} order): re-recorded ${fresh.size} scenarios starting with '${only}'`)
      }
      const steps = golden.scenarios.reduce((n, s) => n + s.steps.length, 0)
      fs.writeFileSync(goldenPath(workspace, order), JSON.stringify(golden, null, 1) + '\n')
      console.log(`[record] ${workspace} (${order} order): ${golden.scenarios.length} scenarios, ${steps} steps in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${path.relative(process.cwd(), goldenPath(workspace, order))}`)
    }
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
