/**
 * Golden files: one per corpus workspace and action order, recorded from the
 * reference server by record.ts and read back by the replay test.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { GoldenFile, WorkspaceName } from './types'

export const GOLDEN_DIR = path.join(__dirname, 'golden')

/** `library`: fluxstack-live@0.11's code order; `documented`: the seed's order. */
export type RecordedOrder = 'library' | 'documented'
export const PROFILES_RECORDED: readonly RecordedOrder[] = ['library', 'documented']

export function goldenPath(workspace: WorkspaceName, order: RecordedOrder): string {
  return path.join(GOLDEN_DIR, `${workspace}.${order}.json`)
}

export function readGolden(workspace: WorkspaceName, order: RecordedOrder): GoldenFile {
  return JSON.parse(fs.readFileSync(goldenPath(workspace, order), 'utf8')) as GoldenFile
}
