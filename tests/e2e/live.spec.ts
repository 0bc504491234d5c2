import { expect, test, type Page } from '@playwright/test'
import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'
import { snap as rawSnap } from './screenshot'

/** Full-page shots from the top, so the sticky header stays where it belongs. */
async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0))
  return rawSnap(page, name)
}

async function chooseIn(page: Page, scope: ReturnType<Page['getByTestId']>, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).selectOption({ label: option })
}

test('free user is denied AdminPanel by the roles layer; admin login re-mounts it; deleteUser changes state', async ({ page }) => {
  await page.goto('/live')
  await expect(page.getByRole('heading', { level: 1, name: 'Live tester' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Studio pages' }).getByRole('link', { name: 'Live' })).toHaveAttribute('aria-current', 'page')

  const conn = page.getByTestId('connection').first()
  await conn.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(conn.getByTestId('connection-status')).toContainText('Open')
  await expect(conn.getByTestId('connection-status')).toContainText(/id \S+/)

  // Authenticate as the free user (token minted on the spot).
  await chooseIn(page, conn, 'Persona', 'Free user')
  await conn.getByRole('button', { name: 'Authenticate' }).click()
  await expect(conn.getByTestId('auth-state')).toContainText('"id": "u-free"')

  // Mount AdminPanel -> AUTH_DENIED, decided by the roles layer.
  await chooseIn(page, conn, 'Component', 'AdminPanel')
  await conn.getByRole('button', { name: 'Mount' }).click()
  await expect(conn.getByText('Waiting for login')).toBeVisible()
  await expect(conn.getByRole('status').filter({ hasText: 'AUTH_DENIED: Insufficient roles. Required one of: admin, moderator' })).toBeVisible()

  const denied = page.getByTestId('trace-item').filter({ hasText: 'COMPONENT_MOUNT' }).filter({ hasText: 'AdminPanel' }).first()
  await expect(denied).toHaveAttribute('data-verdict', 'deny')
  await expect(denied.getByRole('button').first()).toContainText('auth.roles')
  const disclosure = denied.getByRole('button').first()
  if ((await disclosure.getAttribute('aria-expanded')) !== 'true') await disclosure.click()
  await expect(disclosure).toHaveAttribute('aria-expanded', 'true')
  const rolesStep = denied.getByRole('listitem').filter({ hasText: 'auth.roles' })
  await expect(rolesStep).toContainText('deny')
  await expect(rolesStep).toContainText('[admin, moderator]')
  await expect(rolesStep).toContainText('[user]')
  await snap(page, 'live-denied-light')

  // Authenticate as admin: the client re-mounts AdminPanel by itself.
  await chooseIn(page, conn, 'Persona', 'Admin')
  await conn.getByRole('button', { name: 'Authenticate' }).click()
  await expect(conn.getByTestId('auth-state')).toContainText('"id": "u-admin"')
  const card = conn.getByTestId('mounted-component').filter({ hasText: 'AdminPanel' })
  await expect(card).toBeVisible()
  await expect(card.getByText('Re-mounted after login')).toBeVisible()
  await expect(conn.getByText('Waiting for login')).toHaveCount(0)
  await expect(card.getByTestId('component-state')).toContainText('u-free')

  // Call deleteUser and watch the state change live.
  await card.getByLabel('Action', { exact: true }).fill('deleteUser')
  await card.getByLabel('Payload (JSON, optional)').fill('{"userId": "u-free"}')
  await card.getByRole('button', { name: 'Call' }).click()
  await expect(card.getByTestId('component-state')).not.toContainText('u-free')
  await expect(card.getByTestId('component-state')).toContainText('u-admin')
  await expect(page.getByTestId('trace-item').filter({ hasText: 'AdminPanel.deleteUser' }).first()).toHaveAttribute('data-verdict', 'allow')

  // An action that is not public is denied by a layer, and the trace says which.
  await card.getByLabel('Action', { exact: true }).fill('constructor')
  await card.getByLabel('Payload (JSON, optional)').fill('')
  await card.getByRole('button', { name: 'Call' }).click()
  await expect(page.getByTestId('trace-item').filter({ hasText: 'AdminPanel.constructor' }).first()).toHaveAttribute('data-verdict', 'deny')

  // Tokens never reach the screen: the frame log (beside the decisions) shows AUTH with a masked token.
  await conn.getByRole('tab', { name: /^Frames \(\d+\)$/ }).click()
  await conn.getByLabel('Search frames').fill('"AUTH"')
  await expect(conn.getByTestId('frame-log')).toContainText('AUTH')
  await conn.getByTestId('frame-log').locator('summary').first().click()
  await expect(conn.getByTestId('frame-log')).toContainText('[masked]')
  expect(await page.locator('body').innerText()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\./)

  await snap(page, 'live-after-light')
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
  await snap(page, 'live-after-dark')
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
})

test('an unreachable server is explained; connections can be added and removed', async ({ page }) => {
  await page.goto('/live')
  await page.getByRole('button', { name: 'Add connection' }).click()
  await expect(page.getByTestId('connection')).toHaveCount(2)
  const second = page.getByTestId('connection').nth(1)
  await second.getByLabel('Live server URL').fill('ws://127.0.0.1:1/api/live/ws')
  await second.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(second.getByTestId('connection-status')).toContainText('code 1006')
  await expect(second.getByTestId('connection-status')).toContainText('unreachable')

  await second.getByLabel('Live server URL').fill('ws://127.0.0.1:1/?token=abc')
  await second.getByRole('button', { name: 'Reconnect', exact: true }).click()
  await expect(second.getByRole('alert')).toContainText('tokens are sent only inside the AUTH message')

  await page.getByRole('button', { name: 'Remove connection #1' }).click()
  await page.getByRole('button', { name: 'Remove connection #2' }).click()
  await expect(page.getByText('No connections yet')).toBeVisible()
  await page.setViewportSize({ width: 1024, height: 800 })
  await page.getByRole('button', { name: 'add one' }).click()
  await snap(page, 'live-empty-1024')
})

test('before the page is interactive the server URL cannot be typed into (it would be overwritten)', async ({ browser, page }) => {
  // The page as served, without its scripts: the field and Connect wait for hydration.
  const noScript = await browser.newContext({ javaScriptEnabled: false })
  const raw = await noScript.newPage()
  await raw.goto('/live')
  const rawConn = raw.getByTestId('connection').first()
  await expect(rawConn.getByLabel('Live server URL')).toBeDisabled()
  await expect(rawConn.getByRole('button', { name: 'Connect', exact: true })).toBeDisabled()
  await noScript.close()
  // Hydrated: the built-in server's address is in place and what is typed replaces it.
  await page.goto('/live')
  const field = page.getByTestId('connection').first().getByLabel('Live server URL')
  await expect(field).toBeEnabled()
  await expect(field).toHaveValue(/^ws:\/\/127\.0\.0\.1:\d+\/api\/live\/ws$/)
  await field.fill('ws://127.0.0.1:1/live')
  await expect(field).toHaveValue('ws://127.0.0.1:1/live')
})

test('an external server’s answers are compared with the studio’s prediction', async ({ page }) => {
  // A tiny stand-in for a user's own FluxStack Live server that (wrongly) lets anyone mount anything.
  // Everything the stand-in and the page see of the connection goes into the failure message (that is
  // how a field typed into before hydration, then prefixed with the default URL, was found).
  const seen: string[] = []
  const http = createServer()
  http.on('connection', () => seen.push('tcp connection'))
  const wss = new WebSocketServer({ server: http })
  wss.on('error', (err) => seen.push(`server error: ${err.message}`))
  wss.on('wsClientError', (err) => seen.push(`handshake refused: ${err.message}`))
  page.on('console', (m) => {
    if (/websocket/i.test(m.text())) seen.push(`browser: ${m.text()}`)
  })
  wss.on('connection', (socket) => {
    seen.push('connection')
    socket.on('error', (err) => seen.push(`socket error: ${err.message}`))
    socket.on('close', (code) => seen.push(`closed ${code}`))
    socket.send(JSON.stringify({ type: 'CONNECTION_ESTABLISHED', connectionId: 'ext-1' }))
    socket.on('message', (raw) => {
      let msg: { type?: string; requestId?: string }
      try {
        msg = JSON.parse(String(raw)) as typeof msg
      } catch {
        seen.push(`unparsable frame: ${String(raw).slice(0, 80)}`)
        return
      }
      if (msg.type === 'COMPONENT_MOUNT') {
        socket.send(JSON.stringify({ type: 'MESSAGE_RESPONSE', success: true, requestId: msg.requestId, componentId: 'x1', result: { componentId: 'x1', initialState: { users: [] } } }))
      }
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
  const port = (http.address() as { port: number }).port
  try {
    await page.goto('/live')
    const conn = page.getByTestId('connection').first()
    const status = conn.getByTestId('connection-status')
    const field = conn.getByLabel('Live server URL')
    await field.fill(`ws://127.0.0.1:${port}/live`)
    await expect(field).toHaveValue(`ws://127.0.0.1:${port}/live`)
    await conn.getByRole('button', { name: 'Connect', exact: true }).click()
    const connected = await expect(status).toContainText('ext-1', { timeout: 10_000 }).then(() => true, () => false)
    if (!connected) throw new Error(`the tester never reached the stand-in server on port ${port}: ${[...seen, `status: ${await status.innerText()}`].join('; ')}`)
    await chooseIn(page, conn, 'Component', 'AdminPanel')
    await conn.getByRole('button', { name: 'Mount' }).click()
    const item = page.getByTestId('trace-item').filter({ hasText: 'AdminPanel' }).first()
    await expect(item).toContainText('DISAGREEMENT')
    await item.getByRole('button').first().click()
    await expect(item).toContainText('Server answered')
    await expect(item).toContainText('The server allowed it; the studio predicts a denial: AUTH_DENIED: Authentication required')
    await snap(page, 'live-external-light')
  } finally {
    wss.close()
    http.close()
  }
})

test('POST /api/decide predicts with the workspace and answers bad requests clearly', async ({ request }) => {
  const ban = await request.post('/api/decide', {
    data: { component: 'ModerationPanel', kind: 'action', action: 'banUser', payload: { userId: 'u-pro' }, auth: { type: 'persona', persona: 'free-user' } },
  })
  expect(ban.status()).toBe(200)
  const body = (await ban.json()) as { decision: { verdict: string; decidedBy: string; reason: string }; session: { id: string } }
  expect(body.session.id).toBe('u-free')
  expect(body.decision).toMatchObject({ verdict: 'deny', decidedBy: 'actionAuth.roles', reason: "Insufficient roles for action 'banUser'. Required one of: admin, moderator" })

  const mount = await request.post('/api/decide', { data: { component: 'AdminPanel', kind: 'mount', auth: { type: 'session', session: { id: 'u-x', roles: ['moderator'] } } } })
  expect(((await mount.json()) as { decision: { verdict: string } }).decision.verdict).toBe('allow')

  const missing = await request.post('/api/decide', { data: { component: 'AdminPanel', kind: 'action', auth: { type: 'anonymous' } } })
  expect(missing.status()).toBe(400)
  expect(await missing.json()).toEqual({ error: 'BAD_REQUEST', message: 'action: "action" is required for kind "action"' })

  const unknown = await request.post('/api/decide', { data: { component: 'Nope', kind: 'mount', auth: { type: 'anonymous' } } })
  expect(unknown.status()).toBe(404)
  expect(await unknown.json()).toEqual({ error: 'UNKNOWN_COMPONENT', message: "The workspace has no component 'Nope'." })

  const palette = await request.get('/api/workspace/components')
  const names = ((await palette.json()) as { components: { name: string }[] }).components.map((c) => c.name)
  expect(names).toEqual(expect.arrayContaining(['AdminPanel', 'ModerationPanel', 'LiveChat']))
})
