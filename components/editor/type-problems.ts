/**
 * TypeScript errors of the workspace, asked of Monaco's TypeScript worker (the
 * language service behind the editor's red squiggles), as problems for the
 * problems list, the file tree and the save check. Every file is asked, not
 * only the one typed in: an edit to auth/rules.ts can break an importer.
 */
import type { ProblemView } from '@/lib/api/workspace'
import { loadedMonaco } from './monaco-loader'
import type { Monaco, TextModel } from './monaco-types'

/** The worker's diagnostic, as it crosses the worker boundary (monaco.typescript.Diagnostic). */
export interface DiagnosticLike {
  readonly category: 0 | 1 | 2 | 3
  readonly code: number
  readonly start: number | undefined
  readonly length: number | undefined
  readonly messageText: string | MessageChain
  readonly reportsUnnecessary?: unknown
  readonly reportsDeprecated?: unknown
}

interface MessageChain {
  readonly messageText: string
  readonly next?: readonly MessageChain[]
}

/** A message chain as one text, each level indented under the one it explains (as tsc prints it). */
export function flattenMessage(text: string | MessageChain, depth = 0): string {
  if (typeof text === 'string') return text
  const own = `${'  '.repeat(depth)}${text.messageText}`
  return [own, ...(text.next ?? []).map((n) => flattenMessage(n, depth + 1))].join('\n')
}

/** Problem code of a TypeScript diagnostic (`ts2304`); the list shows it as `TS2304`. */
export const typeCode = (code: number) => `ts${code}`

/**
 * Problems of one file from its diagnostics; `positionAt` maps an offset to a
 * 1-based line and column (the model's). Suggestions and messages are dropped.
 * @example typeProblemsOf('auth/rules.ts', diags, (o) => model.getPositionAt(o))
 */
export function typeProblemsOf(
  file: string, diagnostics: readonly DiagnosticLike[], positionAt: (offset: number) => { lineNumber: number; column: number }, ignore: readonly number[] = [],
): ProblemView[] {
  return diagnostics
    .filter((d) => (d.category === 1 || d.category === 0) && !ignore.includes(d.code))
    .map((d) => {
      const at = positionAt(d.start ?? 0)
      return { file, line: at.lineNumber, column: at.column, severity: d.category === 1 ? 'error' : 'warning', code: typeCode(d.code), message: flattenMessage(d.messageText) } satisfies ProblemView
    })
}

const pathOf = (model: TextModel) => model.uri.path.replace(/^\//, '')

/** The workspace's models (file: URIs, not the type declarations under /node_modules/). */
export function workspaceModels(monaco: Monaco): TextModel[] {
  return monaco.editor.getModels().filter((m) => m.uri.scheme === 'file' && !m.uri.path.startsWith('/node_modules/') && !m.isDisposed())
}

export interface TypeCheck {
  readonly problems: ProblemView[]
  /** Each file's text as checked: a result is stale once a file differs. */
  readonly files: Readonly<Record<string, string>>
}

/**
 * Puts the checked errors on each model as the language service's own markers:
 * Monaco re-checks only the file typed in, so an importer of it kept markers
 * from before (a file added, an export renamed) until it was edited itself.
 */
function refreshMarkers(monaco: Monaco, model: TextModel, diagnostics: readonly DiagnosticLike[], ignore: readonly number[]): void {
  const { MarkerSeverity, MarkerTag } = monaco
  const severities = { 0: MarkerSeverity.Warning, 1: MarkerSeverity.Error, 2: MarkerSeverity.Hint, 3: MarkerSeverity.Info } as const
  const markers = diagnostics
    .filter((d) => !ignore.includes(d.code))
    .map((d) => {
      const start = model.getPositionAt(d.start ?? 0)
      const end = model.getPositionAt((d.start ?? 0) + (d.length || 1))
      const tags = [...(d.reportsUnnecessary ? [MarkerTag.Unnecessary] : []), ...(d.reportsDeprecated ? [MarkerTag.Deprecated] : [])]
      return {
        severity: severities[d.category], startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column,
        message: flattenMessage(d.messageText), code: String(d.code), tags,
      }
    })
  monaco.editor.setModelMarkers(model, 'typescript', markers)
}

/** Semantic and syntactic errors of every workspace model; undefined when a model changed while the worker answered. */
export async function checkModels(monaco: Monaco): Promise<TypeCheck | undefined> {
  const models = workspaceModels(monaco)
  if (models.length === 0) return { problems: [], files: {} }
  const versions = models.map((m) => m.getVersionId())
  const files = Object.fromEntries(models.map((m) => [pathOf(m), m.getValue()]))
  const getWorker = await monaco.typescript.getTypeScriptWorker()
  const worker = await getWorker(...models.map((m) => m.uri))
  const options = monaco.typescript.typescriptDefaults.getDiagnosticsOptions()
  const ignore = options.diagnosticCodesToIgnore ?? []
  const perFile = await Promise.all(models.map(async (m) => {
    const name = m.uri.toString()
    // Suggestions only keep the editor's own hints (faded unused names) when the markers are refreshed.
    const lists = await Promise.all([
      worker.getSyntacticDiagnostics(name), worker.getSemanticDiagnostics(name), options.noSuggestionDiagnostics ? [] : worker.getSuggestionDiagnostics(name),
    ])
    return { model: m, diagnostics: lists.flat() as DiagnosticLike[] }
  }))
  if (models.some((m, i) => m.isDisposed() || m.getVersionId() !== versions[i])) return undefined
  for (const { model, diagnostics } of perFile) refreshMarkers(monaco, model, diagnostics, ignore)
  const problems = perFile.flatMap(({ model, diagnostics }) => typeProblemsOf(pathOf(model), diagnostics, (o) => model.getPositionAt(o), ignore))
  return { problems, files }
}

/** True when the check was made on exactly these files. */
export function checkedFiles(check: TypeCheck | undefined, files: Readonly<Record<string, string>>): boolean {
  if (!check) return false
  const paths = Object.keys(files)
  return paths.length === Object.keys(check.files).length && paths.every((p) => check.files[p] === files[p])
}

/**
 * The TypeScript problems of exactly `files`, asked now (the save check).
 * Undefined when that cannot be told: the editor has not loaded, its models
 * are not these files, or the worker did not answer within `timeoutMs`.
 */
export async function checkFiles(files: Readonly<Record<string, string>>, timeoutMs = 5000): Promise<ProblemView[] | undefined> {
  const monaco = loadedMonaco()
  if (!monaco) return undefined
  const models = workspaceModels(monaco)
  if (models.length !== Object.keys(files).length || models.some((m) => files[pathOf(m)] !== m.getValue())) return undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs)
  })
  try {
    const check = await Promise.race([checkModels(monaco).catch(() => undefined), timeout])
    return check && checkedFiles(check, files) ? check.problems : undefined
  } finally {
    clearTimeout(timer)
  }
}
