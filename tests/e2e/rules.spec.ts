import { expect, test, type Page, type Response } from '@playwright/test'
import { snap } from './screenshot'

/** Line (1-based) of the first line containing `needle` in a workspace file, read from the API. */
async function lineOf(page: Page, file: string, needle: string): Promise<number> {
  const res = await page.request.get('/api/workspace/files')
  const doc = (await res.json()) as { files: Record<string, string> }
  const index = (doc.files[file] ?? '').split('\n').findIndex((l) => l.includes(needle))
  expect(index, `${needle} in ${file}`).toBeGreaterThanOrEqual(0)
  return index + 1
}

async function openFile(page: Page, path: string) {
  await page.getByRole('tree').locator(`[data-path="${path}"]`).click()
  await expect(page.getByText(path, { exact: true }).first()).toBeVisible()
}

/** Puts the cursor at the end of `line` with real keystrokes. */
async function gotoLineEnd(page: Page, line: number) {
  await page.locator('.monaco-editor .view-lines').first().click()
  await page.keyboard.press('Control+Home')
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('End')
}

/** Puts the cursor at the end of the open file, scrolled into view (a click and Ctrl+End change nothing). */
async function toEnd(page: Page) {
  await page.locator('.monaco-editor .view-lines').first().click()
  await page.keyboard.press('Control+End')
}

async function editorReady(page: Page) {
  await expect(page.getByTestId('monaco-host')).toHaveAttribute('data-editor-ready', 'true', { timeout: 15_000 })
}

test.describe.configure({ mode: 'serial' })

test.afterAll(async ({ request }) => {
  // Leave the demo as other specs expect it: version 1's files become the newest version again.
  await request.post('/api/workspace/restore', { data: { version: 1 } })
})

test('autocomplete offers hasRole after this.$auth.', async ({ page }) => {
  await page.goto('/rules')
  await editorReady(page)
  await openFile(page, 'components/admin-panel.ts')
  await gotoLineEnd(page, await lineOf(page, 'components/admin-panel.ts', 'console.log('))
  await page.keyboard.press('Enter')
  await page.keyboard.type('this.$auth.', { delay: 30 })
  const suggest = page.locator('.suggest-widget')
  await expect(suggest).toBeVisible({ timeout: 20_000 })
  await expect(suggest.getByText('hasRole', { exact: true })).toBeVisible({ timeout: 20_000 })
  await snap(page, 'rules-autocomplete')
})

test('typing a change to adminOnly and saving flips matrix cells and turns a rule test red', async ({ page }) => {
  await page.goto('/rules')
  await editorReady(page)
  await expect(page.locator('[data-cell="admin|LiveAdminPanel#mount"]')).toHaveAttribute('data-verdict', 'allow')
  await page.getByRole('tab', { name: 'Rule tests' }).click()
  await expect(page.locator('[data-test-id="admin-mounts-live-admin-panel"]')).toHaveAttribute('data-status', 'pass')
  await page.getByRole('tab', { name: 'Decision matrix' }).click()

  await openFile(page, 'auth/rules.ts')
  await gotoLineEnd(page, await lineOf(page, 'auth/rules.ts', 'export const adminOnly'))
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft')
  for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace')
  await page.keyboard.type('moderator', { delay: 20 })
  await expect(page.getByTestId('dirty-state')).toHaveText(/1 unsaved change/)
  await page.keyboard.press('Control+s')
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')

  const admin = page.locator('[data-cell="admin|LiveAdminPanel#mount"]')
  await expect(admin).toHaveAttribute('data-verdict', 'deny')
  await expect(admin).toHaveAttribute('data-flipped', 'narrowed')
  await expect(page.locator('[data-cell="moderator|LiveAdminPanel#mount"]')).toHaveAttribute('data-flipped', 'widened')
  await expect(admin).toHaveAttribute('title', /Admin · mount LiveAdminPanel → DENY by .+\(was allowed in the previous version\)/)
  await admin.click()
  await expect(page.getByRole('list', { name: 'Layers, in the order they ran' })).toBeVisible()
  await snap(page, 'rules-matrix-flipped')

  await page.getByRole('tab', { name: 'Rule tests' }).click()
  const red = page.locator('[data-test-id="admin-mounts-live-admin-panel"]')
  await expect(red).toHaveAttribute('data-status', 'fail')
  await expect(red).toContainText('expected allow, got deny')
  await expect(red.getByRole('list', { name: 'Layers, in the order they ran' })).toBeVisible()
  await snap(page, 'rules-test-red')
})

test('unsaved changes survive a reload until discarded', async ({ page }) => {
  await page.goto('/rules')
  await editorReady(page)
  await toEnd(page)
  await page.keyboard.type('\n// kept across reloads')
  await expect(page.getByTestId('dirty-state')).toHaveText(/1 unsaved change/)
  await page.waitForTimeout(400)
  page.on('dialog', (d) => void d.accept())
  await page.reload()
  await expect(page.getByTestId('restored-notice')).toBeVisible()
  await editorReady(page)
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('kept across reloads')
  await page.getByTestId('restored-notice').getByRole('button', { name: 'Discard them' }).click()
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
})

test('a save pressed in the same moment as a keystroke stores that keystroke', async ({ page }) => {
  await page.goto('/rules')
  await editorReady(page)
  await openFile(page, 'auth/rules.ts')
  await toEnd(page)
  // One task: the keystroke lands in the editor, then Ctrl+S, before React renders the draft.
  await page.evaluate(() => {
    type Ed = { trigger(source: string, handler: string, payload: unknown): void }
    const editor = (window as unknown as { monaco: { editor: { getEditors(): Ed[] } } }).monaco.editor.getEditors()[0]
    editor?.trigger('keyboard', 'type', { text: '\n// saved at once' })
    const target = document.activeElement ?? document.body
    target.dispatchEvent(new KeyboardEvent('keydown', { key: 's', code: 'KeyS', keyCode: 83, ctrlKey: true, bubbles: true, cancelable: true }))
  })
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
  const res = await page.request.get('/api/workspace/files')
  const doc = (await res.json()) as { files: Record<string, string> }
  expect(doc.files['auth/rules.ts']).toContain('// saved at once')
})

test('two tabs on one workspace: a clean tab follows the other, an edited one is told and chooses', async ({ page, context }) => {
  await page.goto('/rules')
  await editorReady(page)
  const other = await context.newPage()
  await other.goto('/rules')
  await editorReady(other)

  // Typing in the first tab: the second, without edits of its own, follows. A pause
  // stores the draft in steps (a new line first), as a slow typist's would be.
  await toEnd(page)
  await page.keyboard.press('Enter')
  await expect(other.getByTestId('dirty-state')).toHaveText(/1 unsaved change/)
  await page.keyboard.type('// typed in tab one')
  await toEnd(other)
  await expect(other.locator('.monaco-editor .view-lines')).toContainText('typed in tab one')
  await expect(other.getByTestId('other-tab-notice')).toHaveCount(0)

  // Now both have edits: the first tab's next change is announced in the second.
  await toEnd(other)
  await other.keyboard.type('\n// typed in tab two')
  await expect(page.getByTestId('other-tab-notice')).toContainText('Another tab changed the unsaved draft')
  await snap(page, 'rules-other-tab-light')
  await page.getByTestId('other-tab-notice').getByRole('button', { name: 'Load the other tab’s draft' }).click()
  await editorReady(page)
  await toEnd(page)
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('typed in tab two')
  await expect(page.getByTestId('other-tab-notice')).toHaveCount(0)

  page.on('dialog', (d) => void d.accept())
  other.on('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: 'Discard changes' }).click()
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
  // The second tab still has those edits: it is told, and loads the saved workspace.
  await expect(other.getByTestId('other-tab-notice')).toContainText('Another tab saved or discarded the draft')
  await other.getByTestId('other-tab-notice').getByRole('button', { name: 'Load the saved workspace' }).click()
  await expect(other.getByTestId('dirty-state')).toHaveText('All changes saved')

  // Typed and saved in the first tab: the second, which followed those very edits, takes the save quietly.
  await toEnd(page)
  await page.keyboard.type('\n// saved from tab one')
  await expect(other.getByTestId('dirty-state')).toHaveText(/1 unsaved change/)
  await page.keyboard.press('Control+s')
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
  await expect(other.getByTestId('dirty-state')).toHaveText('All changes saved')
  await expect(other.getByTestId('other-tab-notice')).toHaveCount(0)
  await toEnd(other)
  await expect(other.locator('.monaco-editor .view-lines')).toContainText('saved from tab one')
  await other.close()
})

test('the problems list jumps to a studio diagnostic', async ({ page }) => {
  await page.goto('/rules')
  await editorReady(page)
  await openFile(page, 'components/protected-chat.ts')
  await gotoLineEnd(page, await lineOf(page, 'components/protected-chat.ts', 'static publicActions'))
  await page.keyboard.press('Home')
  await page.keyboard.type('// ')
  const problem = page.locator('[data-problem-code="no-public-actions"]').first()
  await expect(problem).toBeVisible({ timeout: 10_000 })
  await problem.click()
  await expect(page.getByText('components/protected-chat.ts', { exact: true }).first()).toBeVisible()
  await expect(page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first()).toBeAttached()
  await snap(page, 'rules-problems-light')
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await expect(page.locator('.monaco-editor.vs-dark').first()).toBeVisible()
  await snap(page, 'rules-problems-dark')
  await page.getByRole('button', { name: /Switch to light theme/ }).click()
})

test('other pages do not load Monaco', async ({ page }) => {
  for (const path of ['/', '/live', '/tokens']) {
    const scripts: { url: string; body: string }[] = []
    const onResponse = async (res: Response) => {
      if (res.request().resourceType() === 'script') scripts.push({ url: res.url(), body: await res.text().catch(() => '') })
    }
    page.on('response', onResponse)
    await page.goto(path)
    await page.waitForLoadState('networkidle')
    page.off('response', onResponse)
    expect(scripts.length, `${path} loads scripts`).toBeGreaterThan(0)
    for (const s of scripts) {
      expect(s.url, `${path} loads ${s.url}`).not.toContain('/monaco/')
      // The /rules route's own chunk may be prefetched (it names the loader's files); Monaco's code must not come with it.
      expect(s.body.includes('MonacoEnvironment') || s.body.includes('StandaloneCodeEditor'), `${path}: ${s.url} contains Monaco`).toBe(false)
    }
  }
})
