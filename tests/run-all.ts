/**
 * `npm test`: typecheck, lint, build, unit, live-server and browser tests, in
 * that order, then one closing line `N passed, N failed` summing every suite.
 * Set SKIP_BUILD=1 to reuse an existing production build while iterating.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

interface Outcome {
  readonly name: string
  readonly passed: number
  readonly failed: number
  readonly skipped: number
  readonly seconds: number
}

const root = path.resolve(__dirname, '..')
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name)
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.FORCE_COLOR ?? '1' }
const outcomes: Outcome[] = []
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-tests-'))

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}): { ok: boolean; seconds: number } {
  const started = Date.now()
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } })
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 }
}

function step(name: string, cmd: string, args: string[]): boolean {
  console.log(`\n▶ ${name}`)
  const { ok, seconds } = run(cmd, args)
  outcomes.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds })
  return ok
}

function vitest(project: 'unit' | 'live'): void {
  console.log(`\n▶ ${project} tests (vitest)`)
  const out = path.join(tmp, `${project}.json`)
  const { ok, seconds } = run(bin('vitest'), ['run', '-c', 'tests/vitest.config.mts', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`])
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(out)
  if (!report) {
    outcomes.push({ name: `${project} tests`, passed: 0, failed: 1, skipped: 0, seconds })
    return
  }
  // A suite that fails to load counts no test; still report it as a failure.
  const failed = report.numFailedTests + (ok || report.numFailedTests > 0 ? 0 : 1)
  outcomes.push({ name: `${project} tests`, passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests, seconds })
}

function playwright(): void {
  console.log('\n▶ browser tests (Playwright, system Chromium)')
  const out = path.join(tmp, 'e2e.json')
  const { ok, seconds } = run(bin('playwright'), ['test', '-c', 'tests/e2e/playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
  })
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(out)
  if (!report) {
    outcomes.push({ name: 'browser tests', passed: 0, failed: 1, skipped: 0, seconds })
    return
  }
  const { expected, unexpected, flaky, skipped } = report.stats
  const failed = unexpected + (ok || unexpected > 0 ? 0 : 1)
  outcomes.push({ name: 'browser tests', passed: expected + flaky, failed, skipped, seconds })
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T
  } catch {
    return undefined
  }
}

step('typecheck (tsc)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])
step('lint (eslint)', bin('eslint'), ['.', '--max-warnings=0'])
const built = process.env.SKIP_BUILD === '1' && fs.existsSync(path.join(root, '.next', 'BUILD_ID')) ? true : step('production build (next build)', bin('next'), ['build'])
vitest('unit')
if (built) {
  vitest('live')
  playwright()
} else {
  console.log('\n✗ live-server and browser tests need a production build; the build failed.')
  outcomes.push({ name: 'live + browser tests', passed: 0, failed: 1, skipped: 0, seconds: 0 })
}

const total = outcomes.reduce((acc, o) => ({ passed: acc.passed + o.passed, failed: acc.failed + o.failed, skipped: acc.skipped + o.skipped }), { passed: 0, failed: 0, skipped: 0 })
console.log('\nSummary')
for (const o of outcomes) {
  console.log(`  ${o.failed ? '✗' : '✓'} ${o.name.padEnd(32)} ${o.passed} passed, ${o.failed} failed${o.skipped ? `, ${o.skipped} skipped` : ''}  (${o.seconds.toFixed(1)} s)`)
}
fs.rmSync(tmp, { recursive: true, force: true })
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`)
process.exit(total.failed > 0 ? 1 : 0)
