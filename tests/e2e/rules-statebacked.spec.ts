import { expect, test, type Page } from '@playwright/test'
import { snap } from './screenshot'

/** Full-page shots from the top, so the sticky header does not cover the panel. */
async function snapTop(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await snap(page, name)
}

const form = (page: Page) => page.getByRole('form', { name: 'Simulate a State Backed request' })

async function openSimulator(page: Page) {
  await page.goto('/rules')
  await page.getByRole('tab', { name: 'State Backed' }).click()
  await expect(form(page).getByLabel('Machine')).toBeVisible()
}

async function runPreset(page: Page, name: RegExp) {
  await page.getByRole('button', { name }).click()
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  return page.getByTestId('sim-result')
}

test.describe.configure({ mode: 'serial', timeout: 60_000 })

test('profile: the user whose id is the instance name reads it; another user may not write it', async ({ page }) => {
  await openSimulator(page)
  await expect(form(page).getByLabel('Machine').locator('option')).toHaveText(['profile', 'team-board'])

  const allowed = await runPreset(page, /Profile: the owner reads it/)
  await expect(allowed).toHaveAttribute('data-verdict', 'allow')
  await expect(page.getByTestId('sim-authcontext')).toContainText('"sub": "u-pro"')
  await expect(page.getByTestId('sim-reason')).toHaveText('allowRead returned true (boolean)')
  await expect(allowed.getByRole('list', { name: 'Steps, in the order they ran' }).getByRole('listitem')).toHaveCount(4)

  const denied = await runPreset(page, /Profile: someone else writes to it/)
  await expect(denied).toHaveAttribute('data-verdict', 'deny')
  await expect(page.getByTestId('sim-reason')).toContainText('allowWrite returned false')
  await expect(form(page).getByLabel('Instance name')).toHaveValue('u-admin')
})

test('team board: a token group in context.allowedGroups reads it; other groups are denied', async ({ page }) => {
  await openSimulator(page)
  const allowed = await runPreset(page, /Team board: a member of an allowed group/)
  await expect(allowed).toHaveAttribute('data-verdict', 'allow')
  await expect(page.getByTestId('sim-authcontext')).toContainText('"design"')
  await snapTop(page, 'rules-statebacked-allow-light')

  const denied = await runPreset(page, /Team board: no allowed group/)
  await expect(denied).toHaveAttribute('data-verdict', 'deny')
  await expect(page.getByTestId('sim-reason')).toContainText('allowRead returned false')
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await snapTop(page, 'rules-statebacked-deny-dark')
  await page.getByRole('button', { name: /Switch to light theme/ }).click()
})

test('bad JSON is flagged inline and nothing runs; an anonymous persona has no authContext', async ({ page }) => {
  await openSimulator(page)
  await form(page).getByLabel('Instance name').fill('u-free')
  await form(page).getByLabel('Context (JSON object)').fill('{"allowedGroups": [')
  await expect(page.getByText(/Not valid JSON/)).toBeVisible()
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByTestId('sim-result')).toHaveCount(0)

  await form(page).getByLabel('Context (JSON object)').fill('')
  await form(page).getByLabel('Persona', { exact: true }).selectOption({ label: 'Anonymous' })
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByTestId('sim-result')).toHaveAttribute('data-verdict', 'deny')
  await expect(page.getByText('None: the token has no act claim and no sub.')).toBeVisible()
})
