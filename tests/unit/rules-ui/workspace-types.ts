/**
 * Type-checks workspace files the way the rule editor does: the TypeScript
 * compiler (node_modules/typescript) with the editor's options (components/editor/monaco-setup.ts)
 * and the studio's '@fluxstack/live' declarations. A language service keeps
 * the lib files parsed between checks, so many variants check quickly.
 */
import ts from 'typescript'
import { COMPAT_API_TYPES } from '@/lib/sandbox'

const ROOT = '/ws/'
const LIBS: Readonly<Record<string, string>> = {
  'node_modules/@fluxstack/live/index.d.ts': COMPAT_API_TYPES,
  'node_modules/@core/server/live/index.d.ts': "export * from '@fluxstack/live'\n",
  'node_modules/@types/studio-console/index.d.ts': 'declare const console: { log(...data: unknown[]): void; warn(...data: unknown[]): void; error(...data: unknown[]): void }\n',
}

/** The editor's compiler options (monaco-setup.ts). */
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  allowNonTsExtensions: true,
  strict: true,
  noImplicitAny: false,
  esModuleInterop: true,
  lib: ['lib.es2022.d.ts'],
  types: ['studio-console'],
  typeRoots: [`${ROOT}node_modules/@types`],
  noEmit: true,
}

export interface WorkspaceTypeChecker {
  /** `file:line message` for every error in `files` (the workspace's own files; declarations are always there). */
  errors(files: Readonly<Record<string, string>>): string[]
}

export function workspaceTypeChecker(): WorkspaceTypeChecker {
  let current: Record<string, string> = {}
  const versions = new Map<string, number>()
  const texts = (): Map<string, string> => new Map(Object.entries({ ...LIBS, ...current }).map(([p, t]) => [ROOT + p, t]))
  let virtual = texts()
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => OPTIONS,
    getScriptFileNames: () => Object.keys(current).map((p) => ROOT + p),
    getScriptVersion: (f) => String(versions.get(f) ?? 0),
    getScriptSnapshot: (f) => {
      const text = virtual.get(f) ?? (ts.sys.fileExists(f) ? ts.sys.readFile(f) : undefined)
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text)
    },
    getCurrentDirectory: () => ROOT,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => virtual.has(f) || ts.sys.fileExists(f),
    readFile: (f) => virtual.get(f) ?? ts.sys.readFile(f),
    directoryExists: (d) => [...virtual.keys()].some((k) => k.startsWith(`${d}/`)) || ts.sys.directoryExists(d),
    getDirectories: (d) => ts.sys.getDirectories(d),
  }
  const service = ts.createLanguageService(host, ts.createDocumentRegistry())
  return {
    errors(files) {
      for (const [p, t] of Object.entries(files)) if (current[p] !== t) versions.set(ROOT + p, (versions.get(ROOT + p) ?? 0) + 1)
      current = { ...files }
      virtual = texts()
      const program = service.getProgram()
      const global = program ? [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()] : []
      const perFile = Object.keys(files).flatMap((p) => [...service.getSyntacticDiagnostics(ROOT + p), ...service.getSemanticDiagnostics(ROOT + p)])
      return [...global, ...perFile]
        .filter((d) => d.category === ts.DiagnosticCategory.Error)
        .map((d) => {
          const where = d.file && d.start !== undefined ? `${d.file.fileName.slice(ROOT.length)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '(options)'
          return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
        })
    },
  }
}
