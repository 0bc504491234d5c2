/**
 * The rule studio tells the truth: a broken save asks first and is marked
 * broken in History, load errors name their cause, TypeScript errors count in
 * Problems and the file tree, and an authorize denial links to its source line.
 */
import { expect, test, type Page } from '@playwright/test'
import { mountOverSocket } from './live-socket'
import { snap } from './screenshot'

async function editorReady(page: Page) {
  await expect(page.getByTestId('monaco-host')).toHaveAttribute('data-editor-ready', 'true', { timeout: 15_000 })
}

async function openFile(page: Page, path: string) {
  await page.getByRole('tree').locator(`[data-path="${path}"]`).click()
  await expect(page.getByText(path, { exact: true }).first()).toBeVisible()
}

/** Types lines at the end of the open file, closing any suggestion before each Enter. */
async function appendLines(page: Page, lines: readonly string[]) {
  await page.locator('.monaco-editor .view-lines').first().click()
  await page.keyboard.press('Control+End')
  for (const line of lines) {
    await page.keyboard.press('Enter')
    await page.keyboard.type(line, { delay: 15 })
    await page.keyboard.press('Escape')
  }
}

/** The editor's cursor (file, line), read from Monaco itself. */
async function cursor(page: Page): Promise<{ file: string; line: number } | undefined> {
  return page.evaluate(() => {
    type Ed = { getModel(): { uri: { path: string } } | null; getPosition(): { lineNumber: number } | null }
    const editor = (window as unknown as { monaco?: { editor: { getEditors(): Ed[] } } }).monaco?.editor.getEditors()[0]
    const model = editor?.getModel()
    const position = editor?.getPosition()
    return model && position ? { file: model.uri.path.replace(/^\//, ''), line: position.lineNumber } : undefined
  })
}

const problems = (page: Page) => page.getByRole('list', { name: 'Problems, click to jump' })

const AXE_SCRIPT = require.resolve('axe-core/axe.min.js')

/** Serious or critical axe violations inside `selector` (the part of the page this spec adds). */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT })
  return page.evaluate(async (within) => {
    type Violation = { id: string; impact?: string | null; nodes: { target: unknown[] }[] }
    const axe = (window as unknown as { axe: { run(context: string, options: object): Promise<{ violations: Violation[] }> } }).axe
    const { violations } = await axe.run(within, { resultTypes: ['violations'] })
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)
  }, selector)
}

// Long user journeys (typing, a sandbox load per check, saves): more than the default 30 s on a busy machine.
test.describe.configure({ mode: 'serial', timeout: 120_000 })

test.afterAll(async ({ request }) => {
  // Leave the demo as other specs expect it.
  await request.post('/api/workspace/restore', { data: { version: 1 } })
})

test('a save with a load error asks first; kept editing, nothing is saved; saved anyway, History marks it broken', async ({ page }) => {
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await page.goto('/rules')
  await editorReady(page)
  const startVersion = Number(await page.getByTestId('saved-version').textContent())

  // History open on a diff while the broken version is saved (this once threw "no diff result available").
  await page.getByRole('tab', { name: 'History' }).click()
  await page.getByRole('list', { name: 'Saved versions, newest first' }).getByRole('button').first().click()
  await expect(page.getByText(/vs your current files: identical/)).toBeVisible()

  await openFile(page, 'auth/rules.ts')
  await appendLines(page, ['const settings: any = undefined', 'export const limit = settings.max'])
  await expect(page.getByTestId('dirty-state')).toHaveText(/1 unsaved change/)
  await expect(page.getByTestId('diff-view')).toBeVisible()

  // The cause first, on auth/rules.ts; what follows from it says so (and no "exports no class" noise).
  const cause = problems(page).locator('[data-problem-code="load"]').filter({ hasText: "TypeError: cannot read property 'max' of undefined" })
  await expect(cause.first()).toBeVisible({ timeout: 15_000 })
  await expect(cause.first()).toContainText('auth/rules.ts:')
  await expect(problems(page).locator('li').first()).toContainText('TypeError')
  await expect(problems(page)).toContainText('was not loaded because auth/rules.ts failed to load')
  await expect(problems(page)).not.toContainText('exports no class extending LiveComponent')
  await expect(page.getByRole('tree').locator('[data-path="auth/rules.ts"]')).toHaveAttribute('aria-label', /has errors/)

  // Ctrl+S: the dialog asks; focus starts on "Keep editing" and Tab stays inside.
  await page.keyboard.press('Control+s')
  const dialog = page.getByRole('dialog', { name: 'Save with errors?' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('1 load error')
  await expect(dialog.getByRole('list', { name: 'Errors in the draft' })).toContainText("TypeError: cannot read property 'max' of undefined")
  const keep = dialog.getByRole('button', { name: 'Keep editing' })
  const anyway = dialog.getByRole('button', { name: 'Save anyway' })
  await expect(keep).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(anyway).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(keep).toBeFocused()
  await page.keyboard.press('Shift+Tab')
  await expect(anyway).toBeFocused()
  expect(await axeViolations(page, '[data-testid="save-dialog"]')).toEqual([])
  await snap(page, 'rules-save-dialog-light')

  // Escape = keep editing: nothing saved, back in the editor at the error.
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('dirty-state')).toHaveText(/1 unsaved change/)
  await expect(page.getByTestId('saved-version')).toHaveText(String(startVersion))
  await expect.poll(() => cursor(page)).toMatchObject({ file: 'auth/rules.ts' })

  // Again, and this time save anyway (keyboard only).
  await page.keyboard.press('Control+s')
  await expect(dialog).toBeVisible()
  // The theme switch is behind the modal: the page's class is what it would set.
  await page.evaluate(() => document.documentElement.classList.add('dark'))
  expect(await axeViolations(page, '[data-testid="save-dialog"]')).toEqual([])
  await snap(page, 'rules-save-dialog-dark')
  await page.evaluate(() => document.documentElement.classList.remove('dark'))
  await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
  await expect(page.getByTestId('saved-version')).toHaveText(String(startVersion + 1))
  await expect(page.getByTestId('broken-save')).toContainText(`Saved version ${startVersion + 1} with 1 load error: it is marked broken in History`)

  // History: the new version is marked broken and lists its error.
  const versions = page.getByRole('list', { name: 'Saved versions, newest first' })
  const newest = versions.getByRole('button').first()
  await expect(newest).toContainText(`v${startVersion + 1}`)
  await expect(newest.getByTestId('version-broken')).toBeVisible()
  await expect(newest).toHaveAccessibleName(/broken\W+saved with 1 load error/)
  await newest.click()
  await expect(page.getByTestId('version-problems')).toContainText(`Version ${startVersion + 1} was saved with 1 load error`)
  await expect(page.getByTestId('version-problems')).toContainText(/auth\/rules\.ts:\d+:\d+ TypeError: cannot read property 'max' of undefined/)
  expect(await axeViolations(page, '#rules-panel-history')).toEqual([])
  await snap(page, 'rules-history-broken')
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  expect(await axeViolations(page, '#rules-panel-history')).toEqual([])
  await snap(page, 'rules-history-broken-dark')
  await page.getByRole('button', { name: /Switch to light theme/ }).click()

  // The matrix says what disappeared rather than "0 cells flipped".
  await page.getByRole('tab', { name: 'Decision matrix' }).click()
  await expect(page.getByTestId('matrix-summary')).toContainText(/component.{0,3} (removed|disappeared)/)

  // The rule tests that cannot run on it say why: the file that failed, not "Unknown component".
  await page.getByRole('tab', { name: 'Rule tests' }).click()
  const testsPanel = page.locator('#rules-panel-tests')
  await expect(testsPanel).toContainText(/could not run on version/)
  await expect(testsPanel).not.toContainText("Unknown component 'LiveAdminPanel'")
  await expect(testsPanel.getByText(/^LiveAdminPanel did not load: components\/live-admin-panel\.ts was not loaded because auth\/rules\.ts failed to load: TypeError: cannot read property 'max' of undefined \(auth\/rules\.ts:\d+:\d+\)$/).first()).toBeVisible()
  await snap(page, 'rules-tests-broken')

  expect(pageErrors).toEqual([])
})

test('TypeScript errors from the editor count in Problems and mark the file in the tree', async ({ page, request }) => {
  await request.post('/api/workspace/restore', { data: { version: 1 } })
  await page.goto('/rules')
  await editorReady(page)
  await openFile(page, 'auth/rules.ts')
  const errorCount = page.getByRole('heading', { name: /Problems/ }).locator('[aria-label$="error"], [aria-label$="errors"]')
  await expect(errorCount).toHaveAttribute('aria-label', '0 errors')
  await appendLines(page, ['const p: Plan = 1'])

  const typeError = problems(page).locator('[data-problem-code="ts2304"]')
  // The editor's TypeScript worker starts on first use: on a busy machine that takes a while.
  await expect(typeError).toContainText("Cannot find name 'Plan'", { timeout: 30_000 })
  await expect(typeError).toContainText('TS2304')
  await expect(errorCount).toHaveAttribute('aria-label', '1 error')
  await expect(page.getByRole('tree').locator('[data-path="auth/rules.ts"]')).toHaveAttribute('aria-label', /has errors/)
  await snap(page, 'rules-problems-typescript')

  // A click jumps to it.
  await typeError.click()
  await expect.poll(() => cursor(page)).toMatchObject({ file: 'auth/rules.ts' })

  // Saving asks first, naming the TypeScript error; Escape keeps editing.
  await page.keyboard.press('Control+s')
  const dialog = page.getByRole('dialog', { name: 'Save with errors?' })
  await expect(dialog).toContainText('1 TypeScript error')
  await expect(dialog).toContainText("Cannot find name 'Plan'")
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  // Fixed by hand: the error leaves Problems and the tree.
  await page.keyboard.press('Control+End')
  await page.keyboard.press('Shift+Home')
  await page.keyboard.press('Backspace')
  await expect(typeError).toHaveCount(0, { timeout: 15_000 })
  await expect(errorCount).toHaveAttribute('aria-label', '0 errors')
  await expect(page.getByRole('tree').locator('[data-path="auth/rules.ts"]')).not.toHaveAttribute('aria-label', /has errors/)
  page.on('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: 'Discard changes' }).click()
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
})

test('a denial by a custom authorize links to its file and line; the link opens the editor there', async ({ page, request, baseURL }) => {
  await request.post('/api/workspace/restore', { data: { version: 1 } })
  expect(await mountOverSocket(request, baseURL ?? '', 'free-user', 'ProDashboard')).toBe(false)
  await page.goto('/traces?component=ProDashboard&verdict=deny')
  const row = page.getByTestId('decision-row').first()
  await expect(row).toBeVisible()
  await row.click()
  const detail = page.getByTestId('decision-detail')
  const step = detail.getByRole('list', { name: 'Layers, in the order they ran' }).getByRole('listitem').filter({ hasText: 'auth.authorize' })
  // ProDashboard's authorize answers { allowed: false, reason: 'Pro plan required' }.
  await expect(step).toContainText('Pro plan required — components/pro-dashboard.ts:18')
  const link = step.getByRole('link', { name: /components\/pro-dashboard\.ts:18/ })
  await expect(link).toHaveAttribute('href', '/rules?file=components%2Fpro-dashboard.ts&line=18&column=16')
  expect(await axeViolations(page, '[data-testid="decision-detail"]')).toEqual([])
  await snap(page, 'traces-authorize-link')
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  expect(await axeViolations(page, '[data-testid="decision-detail"]')).toEqual([])
  await snap(page, 'traces-authorize-link-dark')
  await page.getByRole('button', { name: /Switch to light theme/ }).click()

  await link.click()
  await expect(page).toHaveURL(/\/rules\?file=components%2Fpro-dashboard\.ts&line=18/)
  await editorReady(page)
  await expect(page.getByRole('tree').locator('[data-path="components/pro-dashboard.ts"]')).toHaveAttribute('aria-selected', 'true')
  await expect.poll(() => cursor(page), { timeout: 15_000 }).toEqual({ file: 'components/pro-dashboard.ts', line: 18 })
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('authorize')
  await snap(page, 'rules-opened-from-trace')
})

test('an authorize() that throws links to its file and line too: in the matrix and in Traces', async ({ page, request, baseURL }) => {
  await request.post('/api/workspace/restore', { data: { version: 1 } })
  await page.goto('/rules')
  await editorReady(page)
  await openFile(page, 'components/pro-dashboard.ts')
  // Line 21 answers "Pro plan required"; it throws instead (a plan lookup that fails).
  await page.locator('.monaco-editor .view-lines').first().click()
  await page.keyboard.press('Control+Home')
  for (let i = 1; i < 21; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('End')
  await page.keyboard.press('Shift+Home')
  await page.keyboard.type("throw new Error('plan service down')", { delay: 15 })
  await page.keyboard.press('Escape')
  await expect(page.locator('.monaco-editor .view-lines')).toContainText("throw new Error('plan service down')")
  await page.keyboard.press('Control+s')
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved', { timeout: 20_000 })

  // The matrix: the free user's mount is decided by the error, and the step links to where authorize is written.
  await page.getByRole('tab', { name: 'Decision matrix' }).click()
  const table = page.getByRole('table', { name: 'Decision matrix' })
  await expect(table.locator('..')).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 })
  await page.locator('[data-cell="free-user|ProDashboard#mount"]').click()
  const cellDetail = page.getByTestId('matrix-cell-detail')
  const cellStep = cellDetail.getByRole('listitem').filter({ hasText: 'auth.authorize' })
  await expect(cellStep).toContainText(/Authorization error: .*plan service down — components\/pro-dashboard\.ts:18/)
  await expect(cellStep.getByRole('link', { name: /components\/pro-dashboard\.ts:18/ })).toHaveAttribute('href', '/rules?file=components%2Fpro-dashboard.ts&line=18&column=16')
  await snap(page, 'rules-matrix-authorize-error-link')

  // Traces: the same error from a real mount over the socket.
  expect(await mountOverSocket(request, baseURL ?? '', 'free-user', 'ProDashboard')).toBe(false)
  await page.goto('/traces?component=ProDashboard&verdict=deny')
  const row = page.getByTestId('decision-row').first()
  await expect(row).toBeVisible()
  await row.focus()
  await page.keyboard.press('Enter')
  const detail = page.getByTestId('decision-detail')
  const step = detail.getByRole('list', { name: 'Layers, in the order they ran' }).getByRole('listitem').filter({ hasText: 'auth.authorize' })
  await expect(step).toContainText(/Authorization error: .*plan service down — components\/pro-dashboard\.ts:18/)
  const link = step.getByRole('link', { name: /components\/pro-dashboard\.ts:18/ })
  await expect(link).toHaveAttribute('href', '/rules?file=components%2Fpro-dashboard.ts&line=18&column=16')
  // The error step's badge reads in both themes.
  expect(await axeViolations(page, '[data-testid="decision-detail"]')).toEqual([])
  await snap(page, 'traces-authorize-error-link')
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  expect(await axeViolations(page, '[data-testid="decision-detail"]')).toEqual([])
  await snap(page, 'traces-authorize-error-link-dark')
  await page.getByRole('button', { name: /Switch to light theme/ }).click()

  await link.click()
  await expect(page).toHaveURL(/\/rules\?file=components%2Fpro-dashboard\.ts&line=18/)
  await editorReady(page)
  await expect.poll(() => cursor(page), { timeout: 15_000 }).toEqual({ file: 'components/pro-dashboard.ts', line: 18 })
})

test('a renamed export is one problem, not two: the studio\'s text with TypeScript\'s suggestion; Problems and the tree agree', async ({ page, request }) => {
  await request.post('/api/workspace/restore', { data: { version: 1 } })
  await page.goto('/rules')
  await editorReady(page)
  await openFile(page, 'auth/rules.ts')
  // Line 7: `export const adminOnly` becomes `adminsOnly`; components/live-admin-panel.ts still imports adminOnly.
  await page.locator('.monaco-editor .view-lines').first().click()
  await page.keyboard.press('Control+Home')
  for (let i = 1; i < 7; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Home')
  for (let i = 0; i < 'export const admin'.length; i++) await page.keyboard.press('ArrowRight')
  await page.keyboard.type('s')
  await page.keyboard.press('Escape')
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('export const adminsOnly')

  // The suggestion comes from TypeScript (its worker starts on first use): once it is in, both have spoken.
  const entries = problems(page).locator('li').filter({ hasText: "'adminOnly'" })
  await expect(entries.first()).toContainText("Missing export: 'adminOnly' is not exported by auth/rules.ts. Did you mean 'adminsOnly'?", { timeout: 30_000 })
  await expect(entries).toHaveCount(1)
  await expect(entries).toContainText('components/live-admin-panel.ts:3:')
  await expect(problems(page).locator('[data-problem-code^="ts23"], [data-problem-code="ts2724"], [data-problem-code="ts2614"]')).toHaveCount(0)

  // The heading counts what the list shows, and the tree marks the importer.
  const listed = await problems(page).locator('button').evaluateAll((els) => els.filter((el) => el.querySelector('[aria-label="error"]')).length)
  const errorCount = page.getByRole('heading', { name: /Problems/ }).locator('[aria-label$="error"], [aria-label$="errors"]')
  await expect(errorCount).toHaveAttribute('aria-label', `${listed} error${listed === 1 ? '' : 's'}`)
  await expect(page.getByRole('tree').locator('[data-path="components/live-admin-panel.ts"]')).toHaveAttribute('aria-label', /has errors/)
  await snap(page, 'rules-problems-missing-export')

  // Saving asks first, and counts the mistake once.
  await page.keyboard.press('Control+s')
  const dialog = page.getByRole('dialog', { name: 'Save with errors?' })
  await expect(dialog).toContainText(`${listed} load error${listed === 1 ? '' : 's'}`)
  await expect(dialog).not.toContainText('TypeScript error')
  await page.keyboard.press('Escape')
  page.on('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: 'Discard changes' }).click()
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
})
