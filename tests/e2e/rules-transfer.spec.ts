import fs from 'node:fs'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { writeZip } from '../../lib/rules/zip'
import { snap } from './screenshot'

/** Full-page shots from the top, so the sticky header does not cover the panel. */
async function snapTop(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await snap(page, name)
}

interface Doc { workspaceId: string; name: string; files: Record<string, string> }
interface Matrix { columns: { key: string }[]; personas: { id: string }[]; cells: { verdict: string }[][] }

const api = async <T>(request: APIRequestContext, path: string): Promise<T> => (await (await request.get(path)).json()) as T
const verdicts = (m: Matrix) => m.cells.map((row) => row.map((c) => c.verdict).join(',')).join('\n')

async function openTransfer(page: Page, url = '/rules') {
  await page.goto(url)
  await expect(page.getByTestId('saved-version')).toBeVisible()
  await page.getByRole('tab', { name: 'Import / export' }).click()
  await expect(page.getByRole('heading', { name: 'Import', exact: true })).toBeVisible()
}

test.describe.configure({ mode: 'serial' })

test.afterAll(async ({ request }) => {
  // Other specs expect the demo to be the active workspace.
  await request.post('/api/workspaces/active', { data: { id: 'demo' } })
})

test('export as JSON, import it back as a new workspace: the same files, personas, rule tests and matrix; then back to the demo', async ({ page }) => {
  const demo = await api<Doc>(page.request, '/api/workspace/files')
  expect(demo.workspaceId).toBe('demo')
  const demoMatrix = await api<Matrix>(page.request, '/api/workspace/matrix')
  const demoPersonas = (await api<{ personas: { id: string }[] }>(page.request, '/api/personas')).personas.map((p) => p.id)
  const demoTests = await api<{ passed: number; tests: unknown[] }>(page.request, '/api/workspace/tests')
  expect(demoTests.tests.length).toBeGreaterThan(0)
  await openTransfer(page)

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .json' }).click()])
  expect(download.suggestedFilename()).toMatch(/^fluxstack-live-demo-v\d+\.json$/)
  const file = test.info().outputPath(download.suggestedFilename())
  await download.saveAs(file)
  const text = fs.readFileSync(file, 'utf8')
  const exported = JSON.parse(text) as { format: string; files: Record<string, string>; personas: unknown[]; ruleTests: unknown[] }
  expect(exported.format).toBe('live-auth-studio/workspace')
  expect(exported.files).toEqual(demo.files)
  expect(exported.personas).toHaveLength(demoPersonas.length)
  expect(exported.ruleTests).toHaveLength(demoTests.tests.length)
  expect(text).not.toMatch(/privateJwk|"k"\s*:|secret|demo-hs256/i)

  await page.getByLabel('Workspace file', { exact: true }).setInputFiles(file)
  await expect(page.getByTestId('import-changes')).toHaveText(`Against your current draft: 0 added, 0 modified, 0 removed, ${Object.keys(demo.files).length} unchanged.`)
  await expect(page.getByTestId('import-preview')).toContainText(`${demoPersonas.length} personas, ${demoTests.tests.length} rule tests`)
  await snapTop(page, 'rules-transfer-preview-light')

  await page.getByRole('button', { name: 'Import as a new workspace' }).click()
  await expect(page.getByLabel('Workspace', { exact: true })).toBeVisible()
  const imported = await api<Doc>(page.request, '/api/workspace/files')
  expect(imported.workspaceId).not.toBe('demo')
  expect(imported.name).toBe(demo.name)
  expect(imported.files).toEqual(demo.files)
  const personas = await api<{ personas: { id: string }[] }>(page.request, '/api/personas')
  expect(personas.personas.map((p) => p.id)).toEqual(demoPersonas)
  const tests = await api<{ passed: number; failed: number }>(page.request, '/api/workspace/tests')
  expect(tests).toMatchObject({ passed: demoTests.passed, failed: 0 })
  expect(verdicts(await api<Matrix>(page.request, '/api/workspace/matrix'))).toBe(verdicts(demoMatrix))
  await expect(page.getByRole('button', { name: 'Back to the demo' })).toBeVisible()

  await page.getByRole('button', { name: 'Back to the demo' }).click()
  await expect(page.getByRole('button', { name: 'Back to the demo' })).toHaveCount(0)
  await expect(page.getByLabel('Workspace', { exact: true })).toHaveValue('demo')
  expect((await api<Doc>(page.request, '/api/workspace/files')).workspaceId).toBe('demo')
})

test('a corrupt file (picked or dropped) shows a clear error and changes nothing', async ({ page }) => {
  const before = await api<{ workspaces: unknown[] }>(page.request, '/api/workspaces')
  await openTransfer(page)
  await page.getByLabel('Workspace file', { exact: true }).setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "live-auth-studio/workspace", "name": ') })
  const error = page.getByTestId('import-error')
  await expect(error).toContainText('broken.json cannot be imported; nothing was changed.')
  await expect(error).toContainText('not valid JSON')

  // Dropped: a ZIP signature with nothing valid behind it.
  const drop = await page.evaluateHandle(() => {
    const dt = new DataTransfer()
    dt.items.add(new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], 'broken.zip', { type: 'application/zip' }))
    return dt
  })
  await page.getByTestId('import-drop').dispatchEvent('drop', { dataTransfer: drop })
  await expect(error).toContainText('broken.zip cannot be imported; nothing was changed.')
  await expect(page.getByRole('button', { name: 'Import as a new workspace' })).toHaveCount(0)
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
  expect((await api<{ workspaces: unknown[] }>(page.request, '/api/workspaces')).workspaces).toHaveLength(before.workspaces.length)
  expect((await api<Doc>(page.request, '/api/workspace/files')).workspaceId).toBe('demo')
})

test('a ZIP can replace the files as a draft to review (nothing saved until Save)', async ({ page }) => {
  const demo = await api<Doc>(page.request, '/api/workspace/files')
  const files = { ...demo.files, 'auth/rules.ts': `${demo.files['auth/rules.ts'] ?? ''}\n// imported\n` }
  const zip = writeZip(Object.entries(files).map(([path, text]) => ({ path, data: new TextEncoder().encode(text) })))
  await openTransfer(page)
  await page.getByLabel('Workspace file', { exact: true }).setInputFiles({ name: 'team.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) })
  await expect(page.getByTestId('import-changes')).toContainText('0 added, 1 modified, 0 removed')
  await page.getByRole('button', { name: "Replace this workspace's files (as a draft)" }).click()
  await expect(page.getByTestId('dirty-state')).toHaveText('1 unsaved change')
  expect((await api<Doc>(page.request, '/api/workspace/files')).files).toEqual(demo.files)
  page.once('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: 'Discard changes' }).click()
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
})

test('a share link opens on /rules with an offer to import it as a new workspace; a damaged one says why', async ({ page }) => {
  await openTransfer(page)
  await page.getByRole('button', { name: 'Create share link' }).click()
  const url = await page.getByLabel(/Share link/).inputValue()
  expect(url).toMatch(/\/rules#share=v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/)

  await page.goto(`${url.slice(0, -6)}AAAAAA`)
  await expect(page.getByTestId('share-notice')).toContainText('This share link cannot be opened')
  await page.getByRole('button', { name: 'Dismiss' }).click()
  await expect(page.getByTestId('share-notice')).toHaveCount(0)

  await page.goto('/')
  await page.goto(url)
  const notice = page.getByTestId('share-notice')
  await expect(notice).toContainText('Someone shared a workspace with you.')
  await expect(notice).toContainText(/\d+ personas, \d+ rule tests/)
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await snapTop(page, 'rules-transfer-share-dark')
  await page.getByRole('button', { name: /Switch to light theme/ }).click()

  await notice.getByRole('button', { name: 'Import as a new workspace' }).click()
  await expect(page).toHaveURL(/\/rules$/)
  await expect(page.getByRole('button', { name: 'Back to the demo' })).toBeVisible()
  const active = await api<{ active: string; workspaces: { id: string }[] }>(page.request, '/api/workspaces')
  expect(active.active).not.toBe('demo')
  expect((await api<{ personas: unknown[] }>(page.request, '/api/personas')).personas.length).toBeGreaterThan(0)

  await page.getByRole('button', { name: 'Back to the demo' }).click()
  await expect(page.getByLabel('Workspace', { exact: true })).toHaveValue('demo')
  expect((await api<{ active: string }>(page.request, '/api/workspaces')).active).toBe('demo')
})

test('imported workspaces can be renamed and deleted from the switcher; the demo and the served one cannot', async ({ page }) => {
  const before = await api<{ active: string; workspaces: { id: string; name: string; isDemo: boolean }[] }>(page.request, '/api/workspaces')
  expect(before.active).toBe('demo')
  const extra = before.workspaces.filter((w) => !w.isDemo)
  expect(extra.length).toBeGreaterThan(0)
  await page.goto('/rules')
  await expect(page.getByTestId('saved-version')).toBeVisible()
  const panel = page.getByRole('region', { name: 'Manage workspaces' })
  // A popover: Escape or a click outside closes it.
  await page.getByRole('button', { name: 'Manage…' }).click()
  await expect(panel).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(panel).toHaveCount(0)
  await page.getByRole('button', { name: 'Manage…' }).click()
  await page.getByRole('heading', { level: 1 }).click()
  await expect(panel).toHaveCount(0)
  await page.getByRole('button', { name: 'Manage…' }).click()
  await expect(panel.getByTestId('workspace-row')).toHaveCount(before.workspaces.length)
  await expect(panel.locator('[data-workspace-id="demo"]').getByRole('button', { name: /^Delete / })).toBeDisabled()

  const row = (id: string) => panel.locator(`[data-workspace-id="${id}"]`)
  const first = extra[0]!
  await row(first.id).getByRole('button', { name: /^Rename / }).click()
  const input = row(first.id).getByRole('textbox')
  await input.fill('')
  await expect(row(first.id).getByRole('button', { name: 'Save name' })).toBeDisabled()
  await input.fill('Team copy')
  await row(first.id).getByRole('button', { name: 'Save name' }).click()
  await expect(row(first.id)).toContainText('Team copy')
  await expect(page.getByLabel('Workspace', { exact: true }).locator('option', { hasText: 'Team copy' })).toHaveCount(1)
  await snapTop(page, 'rules-workspaces-manage-light')

  page.on('dialog', (dialog) => void dialog.accept())
  for (const [i, ws] of extra.entries()) {
    await row(ws.id).getByRole('button', { name: /^Delete / }).click()
    // With the demo alone there is nothing to switch to: the switcher (and this panel) go away.
    const left = before.workspaces.length - (i + 1)
    await expect(panel.getByTestId('workspace-row')).toHaveCount(left < 2 ? 0 : left)
  }
  const after = await api<{ workspaces: { id: string }[] }>(page.request, '/api/workspaces')
  expect(after.workspaces.map((w) => w.id)).toEqual(['demo'])
})
