/** The demo workspace type-checks (strict) against the compatible API's declarations. */
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { COMPAT_API_TYPES } from '@/lib/sandbox'
import { readDemoWorkspace } from '@/lib/workspace/demo'

function typeErrors(files: Record<string, string>): string[] {
  const virtual = new Map<string, string>(Object.entries(files).map(([p, s]) => [`/ws/${p}`, s]))
  virtual.set('/ws/node_modules/@fluxstack/live/index.d.ts', COMPAT_API_TYPES)
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [],
  }
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  const fileExists = host.fileExists.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  host.readFile = (f) => virtual.get(f) ?? readFile(f)
  host.fileExists = (f) => virtual.has(f) || fileExists(f)
  const directoryExists = host.directoryExists?.bind(host)
  host.directoryExists = (d) => [...virtual.keys()].some((k) => k.startsWith(`${d}/`)) || (directoryExists?.(d) ?? false)
  host.getSourceFile = (f, v) => {
    const text = virtual.get(f)
    return text === undefined ? getSourceFile(f, v) : ts.createSourceFile(f, text, v)
  }
  const roots = Object.keys(files).map((p) => `/ws/${p}`)
  const program = ts.createProgram(roots, options, host)
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : ''
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  })
}

describe('COMPAT_API_TYPES', { timeout: 30_000 }, () => {
  it('the demo workspace has no type errors against it', () => {
    expect(typeErrors(readDemoWorkspace())).toEqual([])
  })

  it('documents the verified claims handed to providers', () => {
    expect(COMPAT_API_TYPES).toContain('claims?: Record<string, unknown>')
  })

  it('catches a real type error (the check is live)', () => {
    const errors = typeErrors({ 'a.ts': "import { LiveComponent } from '@fluxstack/live'\nexport class A extends LiveComponent<{ n: number }> { f() { this.setState({ n: 'x' }) } }\n" })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain("Type 'string' is not assignable to type 'number'")
  })
})
