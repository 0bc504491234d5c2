import { expect, test, type Locator } from '@playwright/test'
import { snap } from './screenshot'

/**
 * The recording proxy as a user drives it: name an upstream in Settings (here the
 * studio's own live endpoint stands in for "your app"), point the live tester at the
 * proxy address Settings shows, authenticate, mount and call; Traces then shows the
 * decisions observed through the proxy streaming in, narrowed by source.
 */
test.describe.configure({ mode: 'serial' })

async function connectThrough(conn: Locator, url: string): Promise<void> {
  await conn.getByLabel('Live server URL').fill(url)
  await conn.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(conn.getByTestId('connection-status')).toContainText('Open')
  await conn.getByLabel('Persona', { exact: true }).selectOption({ label: 'Free user' })
  await conn.getByRole('button', { name: 'Authenticate' }).click()
  await expect(conn.getByTestId('auth-state')).toContainText('"id": "u-free"')
}

test('an upstream added in Settings is reachable through the proxy, and Traces shows what it decided, by source', async ({ page, baseURL }) => {
  const liveUrl = `${(baseURL ?? '').replace(/^http/, 'ws')}/api/live/ws`

  // 1. Settings > Upstreams: name the app's live server.
  await page.goto('/settings')
  const section = page.getByTestId('upstreams-section')
  await expect(section).toContainText('No upstream yet')
  await section.getByRole('button', { name: 'Add upstream' }).click()
  await section.getByLabel('Name').fill('my-app')
  await section.getByLabel('Upstream URL').fill('http://not-a-websocket')
  await section.getByRole('button', { name: 'Save upstreams' }).click()
  await expect(section.getByRole('alert')).toContainText('must be a ws:// or wss:// URL')
  await section.getByLabel('Upstream URL').fill(liveUrl)
  await section.getByRole('button', { name: 'Save upstreams' }).click()
  await expect(section.getByRole('status')).toContainText('Saved')
  const proxyUrl = (await section.getByTestId('proxy-url').textContent())?.trim() ?? ''
  expect(proxyUrl).toMatch(/\/api\/live\/proxy\/my-app$/)
  await snap(page, 'proxy-settings')

  // 2. The live tester, pointed at the proxy address: authenticate, mount, call.
  await page.goto('/live')
  const conn = page.getByTestId('connection').first()
  await connectThrough(conn, proxyUrl)
  await conn.getByLabel('Component', { exact: true }).selectOption({ label: 'AdminPanel' })
  await conn.getByRole('button', { name: 'Mount', exact: true }).click()
  await conn.getByLabel('Component', { exact: true }).selectOption({ label: 'LiveChat' })
  await conn.getByRole('button', { name: 'Mount', exact: true }).click()
  await expect(conn.getByTestId('mounted-component').filter({ hasText: 'LiveChat' })).toBeVisible()

  // 3. Traces, narrowed to what the proxy observed from my-app: the AUTH and both mounts, one denied.
  await page.goto('/traces')
  await page.getByLabel('Source').selectOption({ label: 'Upstream my-app' })
  await expect(page).toHaveURL(/source=my-app/)
  const rows = page.getByTestId('decision-row')
  await expect(rows.filter({ hasText: 'AdminPanel' }).first()).toBeVisible()
  await expect(rows.filter({ hasText: 'LiveChat' }).first()).toBeVisible()
  await expect(rows.filter({ hasText: 'AdminPanel' }).first()).toContainText(/deny/i)
  // Every row shown is my-app's (read in one go: the list may re-render between two reads of single rows).
  await expect.poll(async () => {
    const texts = await rows.allTextContents()
    return texts.length > 0 && texts.every((t) => t.includes('my-app'))
  }).toBe(true)

  // A new request streams in while the page is open.
  const second = await page.context().newPage()
  await second.goto('/live')
  const other = second.getByTestId('connection').first()
  await connectThrough(other, proxyUrl)
  await other.getByLabel('Component', { exact: true }).selectOption({ label: 'ModerationPanel' })
  await other.getByRole('button', { name: 'Mount', exact: true }).click()
  await expect(rows.filter({ hasText: 'ModerationPanel' }).first()).toBeVisible({ timeout: 15_000 })
  await snap(page, 'proxy-traces')

  // The studio's own server's decisions are a different source.
  await page.getByLabel('Source').selectOption({ label: 'Studio server' })
  await expect(rows.first()).toBeVisible()
  await expect.poll(async () => {
    const texts = await rows.allTextContents()
    return texts.length > 0 && texts.every((t) => !t.includes('my-app'))
  }).toBe(true)
  await second.close()
})
