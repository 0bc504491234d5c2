/** Monaco's API types; the runtime is the self-hosted AMD build loaded by monaco-loader.ts. */
import type * as MonacoNs from 'monaco-editor'

export type Monaco = typeof MonacoNs
export type CodeEditor = MonacoNs.editor.IStandaloneCodeEditor
export type DiffEditor = MonacoNs.editor.IStandaloneDiffEditor
export type TextModel = MonacoNs.editor.ITextModel
export type MarkerData = MonacoNs.editor.IMarkerData
