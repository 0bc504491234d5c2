import { expect, test } from '@playwright/test'
import { snap } from './screenshot'

test('the Overview shows live server status and the theme toggle persists', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Studio pages' }).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('workspace-name')).toHaveText('FluxStack Live demo')
  await expect(page.getByTestId('store-file')).toContainText('studio.sqlite')
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()

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
