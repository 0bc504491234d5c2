import { expect, test, type Page } from '@playwright/test'
import { snap } from './screenshot'

const KID = 'e2e-hs256'

async function setTheme(page: Page, dark: boolean) {
  const isDark = await page.locator('html').evaluate((el) => el.classList.contains('dark'))
  if (isDark !== dark) await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
  // Full-page shots of a scrolled page misplace the sticky header.
  await page.evaluate(() => window.scrollTo(0, 0))
}

test.beforeAll(async ({ request }) => {
  const res = await request.post('/api/keys', { data: { action: 'generate', alg: 'HS256', kid: KID, label: 'e2e' } })
  expect([201, 409]).toContain(res.status())
})

test('free user: generate, decode, verify with a pasted key without sending the token, move the clock past exp', async ({ page, request }) => {
  await page.goto('/tokens?tab=generate')
  await expect(page.getByRole('tab', { name: 'Generate' })).toHaveAttribute('aria-selected', 'true')
  await page.getByLabel('Persona').selectOption('free-user')
  await expect(page.getByLabel('name', { exact: true })).toHaveValue('Fred Free')
  await expect(page.getByRole('list', { name: 'roles values' })).toContainText('user')
  await page.getByLabel('Algorithm').selectOption('HS256')
  await page.getByLabel('Signing key').selectOption(KID)
  await page.getByRole('button', { name: 'Sign token' }).click()
  const output = page.getByTestId('token-output')
  await expect(output).toHaveText(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/)
  const token = (await output.textContent()) ?? ''
  await setTheme(page, false)
  await snap(page, 'tokens-generate-light')
  await setTheme(page, true)
  await snap(page, 'tokens-generate-dark')

  // From here on, no request may carry the token or any of its parts.
  const parts = token.split('.')
  const carried: string[] = []
  page.on('request', (req) => {
    const text = `${req.url()} ${req.postData() ?? ''} ${JSON.stringify(req.headers())}`
    if (parts.some((part) => part.length > 10 && text.includes(part))) carried.push(`${req.method()} ${req.url()}`)
  })

  await page.getByRole('tab', { name: 'Decode & verify' }).click()
  await expect(page).toHaveURL(/[?&]tab=decode/)
  await page.getByLabel(/^Token \(JWT/).fill(token)
  await expect(page.getByTestId('decoded-payload')).toContainText('"sub": "u-free"')
  await expect(page.getByTestId('decoded-payload')).toContainText('"name": "Fred Free"')
  await expect(page.getByTestId('decoded-header')).toContainText(`"kid": "${KID}"`)
  await expect(page.getByTestId('timeline')).toContainText(/valid for (59 min|1 h)/)

  // The secret JWK is fetched by the test, not the page; the page only receives it pasted.
  const exported = (await (await request.post(`/api/keys/${KID}/export`, { data: { part: 'private', format: 'jwk' } })).json()) as { value: string }
  await page.getByRole('radio', { name: 'Pasted PEM / JWK / JWKS' }).check()
  await page.getByLabel(/^Public key or secret JWK/).fill(exported.value)
  await expect(page.getByTestId('verification')).toContainText('VALID')
  await expect(page.getByTestId('verification')).toContainText(`Signature valid (key "${KID}", HS256)`)

  // Move the clock two hours ahead with the slider: past exp.
  await page.getByLabel(/^Offset from now/).fill('120')
  await expect(page.getByTestId('timeline')).toContainText(/expired (59 min|1 h)/)
  await expect(page.getByTestId('verification')).toContainText('ERR_JWT_EXPIRED')
  await expect(page.getByRole('list', { name: 'Lint warnings' })).toContainText(/EXPIRED\s*Token expired/)
  await setTheme(page, false)
  await snap(page, 'tokens-decode-light')
  await setTheme(page, true)
  await snap(page, 'tokens-decode-dark')
  expect(carried).toEqual([])
})

test('decode shows what it can of a malformed alg:none token, loudly', async ({ page }) => {
  await page.goto('/tokens?tab=decode')
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`
  await page.getByLabel(/^Token \(JWT/).fill(`${none}%%%`)
  await expect(page.getByTestId('decoded-header')).toContainText('"alg": "none"')
  await expect(page.getByRole('alert').filter({ hasText: 'UNSECURED' })).toBeVisible()
  await expect(page.getByLabel('Where the token breaks')).toContainText('[signature] signature is not valid base64url')
})

test('tabs are keyboard navigable and URL-addressable; the server verify path says it sends the token', async ({ page }) => {
  await page.goto('/tokens')
  const generate = page.getByRole('tab', { name: 'Generate' })
  await generate.focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('tab', { name: 'Decode & verify' })).toBeFocused()
  await expect(page).toHaveURL(/tab=decode/)
  await page.keyboard.press('End')
  await expect(page.getByRole('tab', { name: 'Keys' })).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Home')
  await expect(generate).toHaveAttribute('aria-selected', 'true')
  await page.goto('/tokens?tab=decode')
  await page.getByRole('radio', { name: 'Workspace keys (server)' }).check()
  await expect(page.getByText("This sends the token to the studio's own server")).toBeVisible()
  // Narrowest supported width: nothing overflows the page horizontally.
  await page.setViewportSize({ width: 1024, height: 768 })
  for (const tab of ['generate', 'decode', 'keys']) {
    await page.goto(`/tokens?tab=${tab}`)
    await expect(page.getByRole('tab', { selected: true })).toBeVisible()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024)
  }
  await page.goto('/tokens?tab=generate')
  await page.getByLabel('Persona').selectOption('bot')
  await snap(page, 'tokens-generate-1024')
})

test('keys: generate EC, export public, reveal private only after confirming, show the JWKS URL', async ({ page }) => {
  await page.goto('/tokens?tab=keys')
  const form = page.getByRole('form', { name: 'Generate a key' })
  await form.getByLabel('Algorithm').selectOption('ES384')
  await expect(form).toContainText('Curve P-384')
  await form.getByLabel('kid (optional)').fill('e2e-es384')
  await form.getByRole('button', { name: 'Generate key' }).click()
  const row = page.getByRole('listitem', { name: 'Key e2e-es384' })
  await expect(row).toContainText('ES384')
  await row.getByRole('button', { name: 'Public JWK' }).click()
  await expect(page.getByTestId('export-e2e-es384')).toContainText('"crv": "P-384"')
  await expect(page.getByTestId('export-e2e-es384')).not.toContainText('"d"')
  await row.getByRole('button', { name: 'Export private…' }).click()
  await row.getByRole('button', { name: 'Reveal private JWK' }).click()
  await expect(page.getByTestId('export-e2e-es384')).toContainText('"d": "')
  await expect(page.getByTestId('jwks-url')).toHaveText(/\/\.well-known\/jwks\.json$/)
  const jwks = (await (await page.request.get('/.well-known/jwks.json')).json()) as { keys: Array<{ kid: string }> }
  expect(jwks.keys.map((k) => k.kid)).toContain('e2e-es384')
  expect(jwks.keys.map((k) => k.kid)).not.toContain(KID)
  await setTheme(page, false)
  await snap(page, 'tokens-keys-light')
  await setTheme(page, true)
  await snap(page, 'tokens-keys-dark')
  await row.getByRole('button', { name: 'Delete…' }).click()
  await row.getByRole('button', { name: 'Delete key' }).click()
  await expect(page.getByRole('listitem', { name: 'Key e2e-es384' })).toHaveCount(0)
})

test('State Backed profile signs in the browser: the secret is sent nowhere, the claims are wrapped in act', async ({ page }) => {
  const secret = 'sbsec_e2eSecretValue0123456789'
  const seen: string[] = []
  page.on('request', (req) => {
    if (`${req.url()} ${req.postData() ?? ''}`.includes(secret)) seen.push(req.url())
  })
  await page.goto('/tokens?tab=generate')
  await page.getByLabel('Persona').selectOption('pro-user')
  await page.getByRole('radio', { name: /State Backed/ }).check()
  await page.getByLabel('State Backed key id (kid)').fill('sbk_AAAAAAAAAAAAAAAAAAAAAA')
  await page.getByLabel('State Backed secret').fill(secret)
  await page.getByRole('button', { name: 'Sign token' }).click()
  await expect(page.getByTestId('token-output')).toHaveText(/^eyJ/)
  await expect(page.getByRole('tabpanel').getByRole('tab', { name: '@statebacked/token' })).toHaveAttribute('aria-selected', 'true')
  await page.getByRole('button', { name: 'Decode this token' }).click()
  await expect(page).toHaveURL(/tab=decode/)
  await expect(page.getByTestId('decoded-header')).toContainText('"kid": "sbk_AAAAAAAAAAAAAAAAAAAAAA"')
  await expect(page.getByTestId('decoded-payload')).toContainText('"act": {')
  await expect(page.getByTestId('decoded-payload')).toContainText('"aud": "https://api.statebacked.dev/"')
  await page.getByRole('radio', { name: 'Shared secret (text)' }).check()
  await page.getByLabel(/^Shared secret \(its UTF-8/).fill(secret)
  await expect(page.getByTestId('verification')).toContainText('VALID')
  expect(seen).toEqual([])
})
