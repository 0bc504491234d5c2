import { expect, test, type Page } from '@playwright/test'
import { mountOverSocket } from './live-socket'
import { snap } from './screenshot'

async function editorReady(page: Page) {
  await expect(page.getByTestId('monaco-host')).toHaveAttribute('data-editor-ready', 'true', { timeout: 15_000 })
}

test('editing a rule on /rules: the impact panel lists the logged decisions it flips', async ({ page, request, baseURL }) => {
  // Real traffic first: Fred (free plan, role user) is denied AdminPanel by the roles layer; an admin is allowed.
  expect(await mountOverSocket(request, baseURL ?? '', 'free-user', 'AdminPanel')).toBe(false)
  expect(await mountOverSocket(request, baseURL ?? '', 'admin', 'AdminPanel')).toBe(true)

  await page.goto('/rules')
  await editorReady(page)
  await page.getByRole('tree').locator('[data-path="components/admin-panel.ts"]').click()
  const doc = (await (await page.request.get('/api/workspace/files')).json()) as { files: Record<string, string> }
  const line = (doc.files['components/admin-panel.ts'] ?? '').split('\n').findIndex((l) => l.includes('static auth = {')) + 1
  expect(line).toBeGreaterThan(0)

  // Drop the roles requirement with real keystrokes: select the line and retype it.
  await page.locator('.monaco-editor .view-lines').first().click()
  await page.keyboard.press('Control+Home')
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('End')
  await page.keyboard.press('Shift+Home')
  await page.keyboard.type('static auth = { required: true }', { delay: 10 })
  const typed = () => page.evaluate((n) => (window as unknown as { monaco: { editor: { getEditors(): { getModel(): { getLineContent(n: number): string } }[] } } }).monaco.editor.getEditors()[0]?.getModel().getLineContent(n).trim(), line)
  await expect.poll(typed).toBe('static auth = { required: true }')
  await expect(page.getByTestId('dirty-state')).toHaveText(/1 unsaved change/)

  await page.getByTestId('check-impact').click()
  const panel = page.getByTestId('impact-panel')
  await expect(panel).toBeVisible()
  await panel.getByRole('button', { name: 'Check impact' }).click()
  await expect(panel.getByTestId('impact-headline')).toContainText(/This change flips \d+ of the last [\d,]+ decisions? \(\d+ widen access\)/)
  const widened = panel.getByTestId('impact-flip').filter({ hasText: 'AdminPanel' }).filter({ hasText: 'free-user' })
  await expect(widened.first()).toHaveAttribute('data-direction', 'widening')
  // The admin's mount stays allowed: nothing narrows.
  await expect(panel.locator('[data-testid="impact-flip"][data-direction="narrowing"]')).toHaveCount(0)
  await widened.first().getByRole('button').click()
  await expect(widened.first().getByRole('region', { name: 'Trace under the draft' })).toContainText('auth.roles')
  await snap(page, 'rules-impact-light')

  // Leave the draft as it was.
  page.once('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: 'Discard changes' }).click()
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
})
