import { expect, test, type Page } from '@playwright/test'
import { snap as rawSnap } from './screenshot'

async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0))
  return rawSnap(page, name)
}

const DEFAULTS = { profile: 'documented', jwt: { clockToleranceS: 30 } }

test.afterEach(async ({ request }) => {
  // Leave the server as the other specs expect it.
  await request.put('/api/workspace/settings', { data: DEFAULTS })
})

test('change the ordering profile and JWT settings, save, reload: they persist', async ({ page, request }) => {
  await page.goto('/settings')
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Studio pages' }).getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page')
  const documented = page.getByRole('radio', { name: /Documented order/ })
  const library = page.getByRole('radio', { name: /fluxstack-live@0\.11/ })
  await expect(documented).toBeChecked()
  await expect(page.getByTestId('dirty-state')).toHaveText('No unsaved changes')
  const save = page.getByRole('button', { name: 'Save settings' })
  await expect(save).toBeDisabled()
  await expect(page.getByTestId('server-facts')).toContainText('Not required (bound to loopback)')
  await expect(page.getByTestId('server-facts')).toContainText('The studio’s own origin only')
  await snap(page, 'settings-light')

  // Keyboard: arrow keys move within the radio group.
  await documented.focus()
  await page.keyboard.press('ArrowRight')
  await expect(library).toBeChecked()
  await page.getByRole('checkbox', { name: 'HS256', exact: true }).check()
  await page.getByLabel('Clock tolerance (seconds)').fill('abc')
  await expect(page.getByTestId('dirty-state')).toHaveText('Unsaved changes: ordering profile, algorithms, clock tolerance')

  // A bad value is refused on its field and nothing is saved.
  await save.click()
  await expect(page.getByRole('alert').filter({ hasText: 'Clock tolerance must be a whole number of seconds' })).toBeVisible()
  await expect(page.getByTestId('save-feedback')).toHaveText('Fix the highlighted fields; nothing was saved.')
  await expect(page.getByLabel('Clock tolerance (seconds)')).toHaveAttribute('aria-invalid', 'true')
  expect(((await (await request.get('/api/workspace/settings')).json()) as { settings: unknown }).settings).toEqual(DEFAULTS)
  await snap(page, 'settings-error-light')

  // Fixed, then saved with Ctrl+S.
  await page.getByLabel('Clock tolerance (seconds)').fill('15')
  await page.getByLabel('Audience (aud)').fill('app, admin')
  await page.keyboard.press('Control+s')
  await expect(page.getByTestId('save-feedback')).toHaveText('Saved. The live server uses these settings for new mounts.')
  await expect(page.getByTestId('dirty-state')).toHaveText('No unsaved changes')

  await page.reload()
  await expect(library).toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'HS256', exact: true })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'RS256', exact: true })).not.toBeChecked()
  await expect(page.getByLabel('Clock tolerance (seconds)')).toHaveValue('15')
  await expect(page.getByLabel('Audience (aud)')).toHaveValue('app, admin')
  const stored = (await (await request.get('/api/workspace/settings')).json()) as { settings: unknown }
  expect(stored.settings).toEqual({ profile: 'fluxstack-live@0.11', jwt: { algorithms: ['HS256'], audience: ['app', 'admin'], clockToleranceS: 15 } })

  // Discard brings back the saved values.
  await documented.check()
  await page.getByRole('button', { name: 'Discard changes' }).click()
  await expect(library).toBeChecked()

  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
  await snap(page, 'settings-dark')
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
})

test('the live tester says when a mounted component runs an older workspace version', async ({ page, request }) => {
  await page.goto('/live')
  const conn = page.getByTestId('connection').first()
  await conn.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(conn.getByTestId('connection-status')).toContainText('Open')
  await conn.getByLabel('Component', { exact: true }).selectOption({ label: 'LiveChat' })
  await conn.getByRole('button', { name: 'Mount' }).click()
  const card = conn.getByTestId('mounted-component').filter({ hasText: 'LiveChat' })
  await expect(card).toBeVisible()
  await expect(card.getByTestId('stale-version')).toHaveCount(0)

  // Save a new version (the same files again) as the Rules page would.
  const history = (await (await request.get('/api/workspace/history')).json()) as { current: number }
  expect((await request.post('/api/workspace/restore', { data: { version: history.current } })).ok()).toBe(true)
  await page.evaluate(() => window.dispatchEvent(new Event('focus')))
  await expect(card.getByTestId('stale-version')).toHaveText(`runs workspace v${history.current}; v${history.current + 1} is current — re-mount to use it`)
  await snap(page, 'live-stale-version-light')

  // Re-mounting picks up the current version and the notice goes away.
  await card.getByRole('button', { name: 'Unmount LiveChat' }).click()
  await conn.getByRole('button', { name: 'Mount' }).click()
  await expect(conn.getByTestId('mounted-component').filter({ hasText: 'LiveChat' })).toBeVisible()
  await expect(conn.getByTestId('stale-version')).toHaveCount(0)
})
