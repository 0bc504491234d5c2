import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
const src = readFileSync('/work/shared/reference/fluxstack-live/upstream/sanitize.ts', 'utf8').replace('const MAX_DEPTH = 10', 'const MAX_DEPTH = 32')
const dir = mkdtempSync(join(tmpdir(), 'up-'))
writeFileSync(join(dir, 'sanitize.ts'), src)
const m = (await import(pathToFileURL(join(dir, 'sanitize.ts')).href)) as { sanitizePayload: (v: unknown) => unknown }
const v = (await import(pathToFileURL('/work/shared/reference/fluxstack-live/upstream/validation.ts').href)) as { parseClientMessage: (v: unknown) => unknown }
it('probe', () => {
  expect(existsSync(dir)).toBe(true)
  expect(m.sanitizePayload(JSON.parse('{"__proto__":1,"a":1}'))).toEqual({ a: 1 })
  console.log(v.parseClientMessage({ type: 'FILE_UPLOAD_START', ...JSON.parse('{"__proto__":{"x":1}}') }))
})
