/**
 * Self-hosts Monaco: copies node_modules/monaco-editor/min/vs (the AMD build)
 * to public/monaco/vs, so /rules loads the editor and its workers from the
 * studio's own origin (no CDN, works offline). Runs on postinstall and before
 * build/start; a marker file skips the copy when the version is unchanged.
 */
import fs from 'node:fs'
import path from 'node:path'

const MARKER = '.monaco-version'

/** Copies Monaco into `<root>/public/monaco/vs` unless that exact version is already there. */
export function copyMonaco(root: string): { copied: boolean; version: string; target: string } {
  const pkgDir = path.join(root, 'node_modules', 'monaco-editor')
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version
  const target = path.join(root, 'public', 'monaco', 'vs')
  const marker = path.join(root, 'public', 'monaco', MARKER)
  const have = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : ''
  if (have === version && fs.existsSync(path.join(target, 'loader.js'))) return { copied: false, version, target }
  fs.rmSync(path.join(root, 'public', 'monaco'), { recursive: true, force: true })
  fs.mkdirSync(target, { recursive: true })
  fs.cpSync(path.join(pkgDir, 'min', 'vs'), target, { recursive: true })
  fs.writeFileSync(marker, `${version}\n`)
  return { copied: true, version, target }
}

const DEFINE = /^define\("[^"]*",\[([^\]]*)\]/

/**
 * URLs of the scripts the editor's entry pulls in (its AMD dependencies, two
 * levels deep), for `<link rel="preload">` on /rules so they download in
 * parallel with the page instead of one wave after another. Empty when
 * Monaco has not been copied yet.
 */
export function monacoPreloads(root: string, base = '/monaco/vs'): string[] {
  const dir = path.join(root, 'public', 'monaco', 'vs')
  const seen = new Set<string>()
  const visit = (rel: string, depth: number) => {
    if (seen.has(rel) || depth > 2) return
    let text: string
    try {
      text = fs.readFileSync(path.join(dir, rel), 'utf8').slice(0, 4096)
    } catch {
      return
    }
    seen.add(rel)
    const deps = DEFINE.exec(text)?.[1] ?? ''
    for (const m of deps.matchAll(/"(\.\.?\/[^"!]+)"/g)) {
      const dep = m[1]
      if (dep) visit(path.posix.join(path.posix.dirname(rel), `${dep}.js`), depth + 1)
    }
  }
  visit('editor/editor.main.js', 0)
  if (seen.size === 0) return []
  // Loaded on demand once a TypeScript model exists: fetch them early too.
  const lazy = fs.readdirSync(dir).filter((f) => /^(tsMode|typescript|workers|editorWorkerHost)-[\w-]+\.js$/.test(f))
  return ['loader.js', ...seen, ...lazy].map((rel) => `${base}/${rel}`)
}

// Run directly (`node --import tsx lib/server/copy-monaco.ts`): copy relative to the project root.
const entry = process.argv[1] ? path.resolve(process.argv[1]) : ''
if (entry.endsWith(path.join('lib', 'server', 'copy-monaco.ts'))) {
  const r = copyMonaco(path.resolve(path.dirname(entry), '..', '..'))
  console.log(r.copied ? `Monaco ${r.version} copied to ${r.target}` : `Monaco ${r.version} already in ${r.target}`)
}
