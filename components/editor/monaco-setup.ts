/**
 * Registers, once per page, what the workspace editor needs in Monaco: the
 * '@fluxstack/live' / '@core/server/live' types, TypeScript options that
 * resolve workspace imports, rule-key completion and the studio themes.
 */
import { COMPAT_API_TYPES } from '@/lib/sandbox/compat-api-types'
import type { Monaco } from './monaco-types'
import { authSlotAt, suggestionsFor } from './static-auth-completion'

export const LIGHT_THEME = 'studio-light'
export const DARK_THEME = 'studio-dark'

let done = false

/** `components/x.ts` -> `file:///components/x.ts`: relative imports between models then resolve. */
export const fileUri = (path: string) => `file:///${path}`

export function setupMonaco(monaco: Monaco): void {
  if (done) return
  done = true
  const ts = monaco.typescript
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    allowNonTsExtensions: true,
    strict: true,
    noImplicitAny: false,
    esModuleInterop: true,
    lib: ['es2022'],
  })
  ts.typescriptDefaults.setEagerModelSync(true)
  ts.typescriptDefaults.addExtraLib(COMPAT_API_TYPES, 'file:///node_modules/@fluxstack/live/index.d.ts')
  ts.typescriptDefaults.addExtraLib("export * from '@fluxstack/live'\n", 'file:///node_modules/@core/server/live/index.d.ts')
  // The sandbox's console.log, nothing else from a runtime.
  ts.typescriptDefaults.addExtraLib('declare const console: { log(...data: unknown[]): void; warn(...data: unknown[]): void; error(...data: unknown[]): void }\n', 'file:///node_modules/@types/studio-console/index.d.ts')

  monaco.languages.registerCompletionItemProvider('typescript', {
    triggerCharacters: ['{', ',', ' '],
    provideCompletionItems(model, position) {
      const before = model.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column })
      const slot = authSlotAt(before)
      if (!slot) return { suggestions: [] }
      const word = model.getWordUntilPosition(position)
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn }
      return {
        suggestions: suggestionsFor(slot).map((s, i) => ({
          label: s.label,
          kind: monaco.languages.CompletionItemKind.Property,
          insertText: s.insertText,
          insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
          detail: s.detail,
          sortText: `0${i}`,
          range,
        })),
      }
    },
  })

  // The final empty line's number is "dimmed" by default (1.8:1); the base themes' own line-number colours (5.0:1, 4.8:1) keep it readable.
  monaco.editor.defineTheme(LIGHT_THEME, { base: 'vs', inherit: true, rules: [], colors: { 'editor.background': '#ffffff', 'editorLineNumber.dimmedForeground': '#237893' } })
  monaco.editor.defineTheme(DARK_THEME, { base: 'vs-dark', inherit: true, rules: [], colors: { 'editor.background': '#0f172a', 'editorGutter.background': '#0f172a', 'editorLineNumber.dimmedForeground': '#858585' } })
}

/** The theme that matches the page (the `dark` class on <html>). */
export const pageTheme = () => (document.documentElement.classList.contains('dark') ? DARK_THEME : LIGHT_THEME)

/** Keeps Monaco's theme in step with the page's light/dark switch; returns the unsubscribe. */
export function followPageTheme(monaco: Monaco): () => void {
  monaco.editor.setTheme(pageTheme())
  const observer = new MutationObserver(() => monaco.editor.setTheme(pageTheme()))
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] })
  return () => observer.disconnect()
}
