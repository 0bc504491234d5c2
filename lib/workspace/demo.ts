/**
 * The demo workspace: the seed's own examples as real TypeScript files under
 * demo/files/ (excluded from the app's tsconfig: they are workspace sources,
 * compiled only by the sandbox and shown in the editor).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { WorkspaceFiles } from './types'

// tsx runs this file as CommonJS (no import.meta); vitest and Next run it as ESM.
const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url
const ROOT = new URL('./demo/files/', here)

function walk(dir: URL, prefix: string, out: Record<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) walk(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`, out)
    else if (entry.name.endsWith('.ts')) out[`${prefix}${entry.name}`] = readFileSync(new URL(entry.name, dir), 'utf8')
  }
}

/** Display name of the demo workspace. */
export const DEMO_WORKSPACE_NAME = 'FluxStack Live demo'

/**
 * Reads the demo workspace: path (e.g. 'components/live-chat.ts') -> source.
 * @example Object.keys(readDemoWorkspace()) // ['auth/rules.ts', 'components/admin-panel.ts', ...]
 */
export function readDemoWorkspace(): WorkspaceFiles {
  const out: Record<string, string> = {}
  walk(ROOT, '', out)
  return out
}

/** Absolute folder of the demo sources (for tools that watch or copy them). */
export function demoWorkspaceDir(): string {
  return fileURLToPath(ROOT)
}
