/** The workspace file tree: folders from paths, new-path checks, renames and starter text. */
import type { Files } from './draft-store'

export interface TreeFile {
  readonly name: string
  readonly path: string
}

export interface TreeFolder {
  readonly name: string
  readonly path: string
  readonly folders: TreeFolder[]
  readonly files: TreeFile[]
}

/** Folders first, then files, each sorted by name. */
export function buildTree(paths: readonly string[]): TreeFolder {
  const root: TreeFolder = { name: '', path: '', folders: [], files: [] }
  for (const path of [...paths].sort()) {
    const parts = path.split('/')
    let folder = root
    parts.slice(0, -1).forEach((part, i) => {
      let next = folder.folders.find((f) => f.name === part)
      if (!next) {
        next = { name: part, path: parts.slice(0, i + 1).join('/'), folders: [], files: [] }
        folder.folders.push(next)
        folder.folders.sort((a, b) => a.name.localeCompare(b.name))
      }
      folder = next
    })
    folder.files.push({ name: parts[parts.length - 1] ?? path, path })
  }
  return root
}

/** Paths in tree (display) order, for arrow-key navigation. */
export function visibleOrder(folder: TreeFolder): string[] {
  return [...folder.folders.flatMap(visibleOrder), ...folder.files.map((f) => f.path)]
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/

export type PathCheck = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly error: string }

/** Validates a path typed by the user (adds `.ts` when missing), as the store will. */
export function checkNewPath(input: string, existing: readonly string[]): PathCheck {
  let path = input.trim().replace(/^\/+/, '')
  if (path === '') return { ok: false, error: 'Type a path such as components/my-panel.ts.' }
  if (!path.endsWith('.ts')) path = `${path}.ts`
  const segments = path.split('/')
  if (segments.some((s) => s === '.' || s === '..')) return { ok: false, error: 'A path cannot contain . or .. segments.' }
  if (!segments.every((s) => SEGMENT.test(s))) return { ok: false, error: 'Use letters, digits, - and _ separated by /.' }
  if (path.length > 200) return { ok: false, error: 'A path is at most 200 characters.' }
  if (existing.includes(path)) return { ok: false, error: `${path} already exists.` }
  return { ok: true, path }
}

/** `files` with `from` moved to `to` (text unchanged). */
export function renameFile(files: Files, from: string, to: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [path, text] of Object.entries(files)) out[path === from ? to : path] = text
  return out
}

const pascal = (path: string) =>
  (path.split('/').pop() ?? 'New').replace(/\.ts$/, '').split(/[-_.]/).filter(Boolean).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') || 'New'

/** A small, valid starting point for a new file, by folder. */
export function starterText(path: string): string {
  const name = pascal(path)
  if (path.startsWith('components/')) {
    return `import { LiveComponent } from '@fluxstack/live'\n\nexport class ${name} extends LiveComponent<{ count: number }> {\n  static componentName = '${name}'\n  static publicActions = ['increment'] as const\n  static defaultState = { count: 0 }\n\n  static auth = { required: true }\n\n  async increment() {\n    this.setState({ count: this.state.count + 1 })\n  }\n}\n`
  }
  if (path.startsWith('machines/')) {
    return `interface Request {\n  machineInstanceName: string\n  context: Record<string, unknown>\n  authContext: { sub?: string }\n}\n\nexport const allowRead = ({ machineInstanceName, authContext }: Request): boolean =>\n  authContext.sub === machineInstanceName\n\nexport const allowWrite = ({ machineInstanceName, authContext }: Request): boolean =>\n  authContext.sub === machineInstanceName\n`
  }
  if (path.startsWith('auth/')) return `import type { LiveComponentAuth } from '@fluxstack/live'\n\nexport const signedIn: LiveComponentAuth = { required: true }\n`
  return `export {}\n`
}
