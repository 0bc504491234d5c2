/**
 * Where each corpus workspace's files live, and how to read them as a
 * workspace document (path -> source) for the studio.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { demoWorkspaceDir } from '@/lib/workspace/demo'
import type { WorkspaceName } from './types'

// tsx may run this file as CommonJS (no import.meta) or as ESM (no __dirname).
const here = typeof __dirname === 'string' && !__dirname.startsWith('data:') ? __dirname : path.dirname(fileURLToPath(import.meta.url))

export function workspaceDir(name: WorkspaceName): string {
  return name === 'demo' ? demoWorkspaceDir() : path.join(here, 'workspaces', name)
}

/** The workspace's .ts files as `{ 'components/x.ts': source }`. */
export function workspaceFiles(name: WorkspaceName): Record<string, string> {
  const root = workspaceDir(name)
  const out: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name)
      if (e.isDirectory()) walk(full)
      else if (e.name.endsWith('.ts')) out[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8')
    }
  }
  walk(root)
  return out
}
