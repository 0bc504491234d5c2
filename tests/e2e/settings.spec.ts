import { expect, test, type Page } from '@playwright/test'
import { expectNoSeriousAxeViolations } from './axe-check'
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

  // Fixed, then saved with Ctrl+S: the profile switch is confirmed first (Enter on the focused button).
  await page.getByLabel('Clock tolerance (seconds)').fill('15')
  await page.getByLabel('Audience (aud)').fill('app, admin')
  await page.keyboard.press('Control+s')
  const confirm = page.getByRole('dialog', { name: 'Switch the ordering profile?' })
  await expect(confirm).toContainText('Your other changes (algorithms, audience, clock tolerance) are saved too.')
  await confirm.getByRole('button', { name: 'Switch and save' }).focus()
  await page.keyboard.press('Enter')
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

test('a profile switch is previewed, confirmed, and picked up by an open live tester', async ({ page, context, request }) => {
  test.setTimeout(90_000)
  // An open /live tab says which profile the live server decides with.
  const live = await context.newPage()
  await live.goto('/live')
  const facts = live.locator('p', { hasText: /Workspace version \d+ · profile/ })
  await expect(facts).toContainText('profile documented')

  await page.goto('/settings')
  const library = page.getByRole('radio', { name: /fluxstack-live@0\.11/ })
  await expect(page.getByTestId('profile-preview')).toHaveCount(0)
  await library.check()

  // The preview lists the decisions that change, before anything is saved.
  const preview = page.getByTestId('profile-preview')
  await expect(preview.getByRole('heading', { name: 'What switching to fluxstack-live@0.11 changes' })).toBeVisible()
  await expect(preview.getByTestId('profile-preview-summary')).toHaveText(
    /^Switching to fluxstack-live@0\.11 changes 12 of \d+ decisions on version \d+: no verdict changes; 12 are decided by another layer or with another reason\.$/,
  )
  const edit = preview.getByTestId('profile-change').filter({ hasText: 'ModerationPanel.editProfile' })
  await expect(edit).toContainText('not in publicActions')
  await expect(edit).toContainText('Admin, Moderator, Pro user, Free user, NotifyBot, Temperature sensor')
  await expect(edit).toContainText(/now documented✕ DENY by publicActions: Action 'editProfile' exists on 'ModerationPanel' but is not listed in publicActions/)
  await expect(edit).toContainText("after fluxstack-live@0.11✕ DENY by actionAuth.authorize: Action 'editProfile' denied by custom authorize")
  const anonymous = preview.getByTestId('profile-change').filter({ hasText: 'ModerationPanel.adminDelete' }).filter({ hasText: 'Anonymous' })
  await expect(anonymous).toContainText('Anonymous (cannot mount ModerationPanel: never gets this far)')
  await expect(anonymous).toContainText("after fluxstack-live@0.11✕ DENY by actionAuth.roles: Authentication required for action 'adminDelete'")
  await snap(page, 'settings-profile-preview-light')
  await expectNoSeriousAxeViolations(page, 'settings with the profile preview (light)')

  // Saving asks first; Escape keeps editing and nothing is stored.
  await page.getByRole('button', { name: 'Save settings' }).click()
  const confirm = page.getByRole('dialog', { name: 'Switch the ordering profile?' })
  await expect(confirm).toContainText('From documented to fluxstack-live@0.11. 12 decisions change (no verdict) on version')
  await expect(confirm.getByRole('button', { name: 'Keep editing' })).toBeFocused()
  await snap(page, 'settings-profile-confirm-light')
  await expectNoSeriousAxeViolations(page, 'settings with the confirmation open (light)')
  await page.keyboard.press('Escape')
  await expect(confirm).toHaveCount(0)
  expect(((await (await request.get('/api/workspace/settings')).json()) as { settings: { profile: string } }).settings.profile).toBe('documented')
  await expect(facts).toContainText('profile documented')

  await page.getByRole('button', { name: 'Save settings' }).click()
  await confirm.getByRole('button', { name: 'Switch and save' }).click()
  await expect(page.getByTestId('save-feedback')).toHaveText('Saved. The live server uses these settings for new mounts.')
  await expect(page.getByTestId('profile-preview')).toHaveCount(0)
  expect(((await (await request.get('/api/workspace/settings')).json()) as { settings: { profile: string } }).settings.profile).toBe('fluxstack-live@0.11')

  // The open /live tab follows without a reload.
  await expect(facts).toContainText('profile fluxstack-live@0.11')
  await snap(live, 'live-profile-switched-light')

  // Dark theme look at the preview on the way back.
  await page.getByRole('radio', { name: /Documented order/ }).check()
  await expect(page.getByTestId('profile-preview-summary')).toHaveText(/^Switching to documented changes 12 of/)
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
  await snap(page, 'settings-profile-preview-dark')
  await expectNoSeriousAxeViolations(page, 'settings with the profile preview (dark)')
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
  await live.close()
})

test('a profile switch in Settings reaches an open /rules page: the matrix and its traces follow without a reload', async ({ page, context }) => {
  test.setTimeout(90_000)
  // /rules open in its own tab, a matrix cell picked.
  const rules = await context.newPage()
  await rules.goto('/rules')
  const table = rules.getByRole('table', { name: 'Decision matrix' })
  await expect(table).toBeVisible({ timeout: 20_000 })
  await expect(table.locator('..')).toHaveAttribute('aria-busy', 'false')
  await expect(rules.getByTestId('matrix-summary')).toContainText(/^Version \d+ · profile documented/)
  const version = (await rules.getByTestId('matrix-summary').textContent())?.match(/^Version (\d+)/)?.[1]
  await rules.locator('[data-cell="admin|ModerationPanel.banUser"]').click()
  const detail = rules.getByTestId('matrix-cell-detail')
  await expect(detail.getByText(/^profile documented$/)).toBeVisible()
  // The documented order checks the whitelist before actionAuth; fluxstack-live@0.11 runs actionAuth first.
  const firstStep = detail.getByRole('list', { name: 'Layers, in the order they ran' }).getByRole('listitem').first()
  await expect(firstStep).not.toContainText('actionAuth.roles')

  // Switched in Settings, with the keyboard.
  await page.goto('/settings')
  await page.getByRole('radio', { name: /Documented order/ }).focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('radio', { name: /fluxstack-live@0\.11/ })).toBeChecked()
  await expect(page.getByTestId('profile-preview-summary')).toHaveText(/^Switching to fluxstack-live@0\.11 changes/)
  await page.keyboard.press('Control+s')
  const confirm = page.getByRole('dialog', { name: 'Switch the ordering profile?' })
  await confirm.getByRole('button', { name: 'Switch and save' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('save-feedback')).toHaveText('Saved. The live server uses these settings for new mounts.')

  // The /rules tab, never reloaded: the matrix was decided again under the new profile, the picked cell's trace too.
  await expect(rules.getByTestId('matrix-profile')).toHaveText('fluxstack-live@0.11')
  await expect(rules.getByTestId('matrix-summary')).toContainText(`Version ${version} · profile fluxstack-live@0.11`)
  await expect(table.locator('..')).toHaveAttribute('aria-busy', 'false')
  await expect(detail.getByText(/^profile fluxstack-live@0\.11$/)).toBeVisible()
  await expect(firstStep).toContainText('actionAuth.roles')
  await expect(detail).toContainText('Admin · ModerationPanel.banUser')
  await expect(rules.locator('[data-cell="admin|ModerationPanel.banUser"]')).toHaveAttribute('aria-pressed', 'true')
  await rules.evaluate(() => window.scrollTo(0, 0))
  await rawSnap(rules, 'rules-profile-switched-light')
  await rules.close()
})

test('the live tester says when a mounted component runs an older workspace version', async ({ page, request }) => {
  await page.goto('/live')
  const conn = page.getByTestId('connection').first()
  await conn.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(conn.getByTestId('connection-status')).toContainText('Open')
  await conn.getByLabel('Component', { exact: true }).selectOption({ label: 'LiveChat' })
  await conn.getByRole('button', { name: 'Mount', exact: true }).click()
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
  await conn.getByRole('button', { name: 'Mount', exact: true }).click()
  await expect(conn.getByTestId('mounted-component').filter({ hasText: 'LiveChat' })).toBeVisible()
  await expect(conn.getByTestId('stale-version')).toHaveCount(0)
})
