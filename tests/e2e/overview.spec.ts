import { expect, test } from '@playwright/test'
import { snap } from './screenshot'
import { observedPair, seedDecisions } from './seed-log'

test('the Overview shows live server status and the theme toggle persists', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Studio pages' }).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('workspace-name')).toHaveText('FluxStack Live demo')
  await expect(page.getByTestId('store-file')).toContainText('studio.sqlite')
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()
  // One process, no Redis: the Instances card says so, names the store and this instance.
  const instances = page.getByRole('region', { name: 'Instances' })
  await expect(instances.getByTestId('store-kind')).toHaveText('SQLite')
  await expect(instances.getByTestId('bus-state')).toHaveText('Single instance')
  await expect(instances.getByTestId('instance-id')).toHaveText(/^[A-Za-z0-9_.-]{1,64}$/)
  await expect(instances.getByRole('list', { name: 'Instances that are up' }).getByRole('listitem')).toHaveCount(1)

  // Status refreshes live: uptime moves without a reload.
  const before = await page.getByTestId('uptime').textContent()
  await expect(page.getByTestId('uptime')).not.toHaveText(before ?? '', { timeout: 5000 })

  const html = page.locator('html')
  const wasDark = await html.evaluate((el) => el.classList.contains('dark'))
  await snap(page, wasDark ? 'overview-dark' : 'overview-light')
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
  await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/)
  await snap(page, wasDark ? 'overview-light' : 'overview-dark')

  await page.reload()
  expect(await html.evaluate((el) => el.classList.contains('dark'))).toBe(!wasDark)
})

test('keyboard users can skip to the content', async ({ page }) => {
  await page.goto('/')
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Skip to content' })
  await expect(skip).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.locator('main#main')).toBeFocused()
})

test('the page makes no request outside the studio', async ({ page }) => {
  const foreign: string[] = []
  page.on('request', (req) => {
    const url = new URL(req.url())
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:') foreign.push(req.url())
  })
  await page.goto('/')
  await expect(page.getByTestId('workspace-name')).toBeVisible()
  expect(foreign).toEqual([])
})

test('before hydration no page takes input it would then lose (fields and submit buttons wait)', async ({ browser }) => {
  // The pages as served, without their scripts: typing there would be reset by hydration, and a
  // submit would reload the page.
  const noScript = await browser.newContext({ javaScriptEnabled: false })
  const page = await noScript.newPage()
  for (const path of ['/', '/rules', '/live', '/tokens', '/traces', '/settings']) {
    await page.goto(path)
    const fields = page.locator('main').locator('input:not([type=hidden]), select, textarea, button[type=submit]')
    const enabled = await fields.evaluateAll((els) => els.filter((el) => !(el as HTMLInputElement).disabled).map((el) => el.outerHTML.slice(0, 120)))
    expect(enabled, `${path}: enabled before hydration`).toEqual([])
  }
  await noScript.close()
})

test('a newcomer reads what the studio is for and three steps to start; each step opens its page', async ({ page }) => {
  // Three page loads, one of them the Rules editor (Monaco).
  test.setTimeout(90_000)
  await page.goto('/')
  await expect(page.getByTestId('studio-purpose')).toContainText('see who may mount each component and call each action, and why')
  const start = page.getByRole('region', { name: 'Start here' })
  await expect(start.getByRole('listitem')).toHaveCount(3)
  const steps: [string, RegExp, string][] = [['Open the Rules editor', /\/rules$/, 'Rules'], ['Sign a token', /\/tokens$/, 'Tokens'], ['Connect in Live', /\/live$/, 'Live tester']]
  for (const [name, url, heading] of steps) {
    await page.goto('/')
    await start.getByRole('link', { name }).click()
    await expect(page).toHaveURL(url)
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  }
})

test('the Overview shows each source, the studio and every upstream, and links a mismatch rate to those decisions', async ({ page }) => {
  seedDecisions(observedPair('overview-e2e'))
  await page.goto('/')
  const table = page.getByRole('table', { name: /Decisions per source/ })
  await expect(table.locator('[data-source="studio"]')).toContainText('Studio server')
  await expect(table.locator('[data-source="studio"]').getByTestId('mismatch-rate')).toHaveText('n/a')
  const row = table.locator('[data-source="overview-e2e"]')
  // No socket open through the proxy now; two decisions observed: one denied, one a mismatch.
  await expect(table.getByRole('columnheader', { name: 'Connections' })).toBeVisible()
  await expect(row.getByRole('cell').nth(0)).toHaveText('0')
  await expect(row.getByRole('cell').nth(2)).toHaveText('2')
  await expect(row.getByRole('cell').nth(3)).toHaveText('50%')
  await expect(row.getByTestId('mismatch-rate')).toHaveText('50%')
  await row.getByTestId('mismatch-rate').getByRole('link').click()
  await expect(page).toHaveURL(/\/traces\?source=overview-e2e&mismatch=1$/)
  await expect(page.getByLabel('Mismatches only')).toBeChecked()
  await expect(page.getByTestId('decision-row')).toHaveCount(1)
  await expect(page.getByTestId('decision-row')).toHaveAttribute('data-mismatch', 'true')
})
