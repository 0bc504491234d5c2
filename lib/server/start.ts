import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { hasProductionBuild, projectRoot } from './paths'

/** `npm start`: build once when there is no production build, then run the server. */
// Nothing may leave the machine: no Next.js telemetry.
process.env.NEXT_TELEMETRY_DISABLED = '1'
const root = projectRoot()
if (!hasProductionBuild(root)) {
  console.log('[studio] No production build yet: running `next build` once (about a minute)...')
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next')
  const result = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error('[studio] The build failed; see the output above.')
    process.exit(result.status ?? 1)
  }
}
Object.assign(process.env, { NODE_ENV: 'production' })
void import('./main')
