import { expect, test, type Page } from '@playwright/test'
import { snap } from './screenshot'

const KID = 'e2e-hs256'

/** Serious or critical axe-core violations on the page as it is now (axe injected from node_modules). */
async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown }> }> }> } }).axe
    return (await axe.run(document)).violations
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`)
}

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

test('Sign token brings the new token into view with focus; switching profile clears it and the FluxStack fields', async ({ page }) => {
  await page.goto('/tokens?tab=generate')
  await page.getByLabel('Persona').selectOption('free-user')
  await page.getByLabel('Algorithm').selectOption('HS256')
  await page.getByLabel('Signing key').selectOption(KID)
  const sign = page.getByRole('button', { name: 'Sign token' })
  await sign.click()
  const minted = page.getByTestId('minted-token')
  // The token lands below the form: the page scrolls to it and focus moves onto it.
  await expect(minted).toBeFocused()
  await expect(minted).toBeInViewport({ ratio: 0.5 })
  await expect(sign).not.toBeInViewport()
  await expect(minted).toHaveAccessibleName('Token')
  await expect(minted.getByRole('tab', { name: 'jose (Node)' })).toHaveAttribute('aria-selected', 'true')
  // From the token, the keyboard goes on to its actions.
  await page.keyboard.press('Tab')
  await expect(minted.getByRole('button', { name: 'Copy token' })).toBeFocused()

  // Signing again moves focus back onto the (new) token.
  await sign.focus()
  await page.keyboard.press('Enter')
  await expect(minted).toBeFocused()

  await page.getByRole('radio', { name: /State Backed/ }).check()
  await expect(minted).toHaveCount(0)
  await expect(page.getByTestId('token-cleared')).toHaveText('The FluxStack session token was cleared: sign again to make a State Backed token.')
  const claims = page.getByRole('group', { name: 'End-user claims (signed inside act)' })
  await expect(claims).toBeVisible()
  await expect(claims.getByLabel('type (non-user sessions)')).toHaveCount(0)
  await expect(claims.getByLabel('plan', { exact: true })).toHaveCount(0)
  await expect(claims.getByLabel('roles', { exact: true })).toHaveCount(0)
  await expect(claims.getByLabel('permissions', { exact: true })).toHaveCount(0)
  await expect(claims.getByLabel('groups', { exact: true })).toBeVisible()
  // The persona's roles are still signed (inside act), so they stay in sight as a custom field.
  await expect(claims.getByLabel('Value of roles')).toHaveValue('["user"]')
  // Nor the workspace key and header typ: State Backed signs HS256 with your own key, without typ.
  await expect(page.getByLabel('Signing key')).toHaveCount(0)
  await expect(page.getByLabel('Header typ')).toHaveCount(0)

  // Back to FluxStack: its fields return, and nothing stale is shown.
  await page.getByRole('radio', { name: /FluxStack session/ }).check()
  await expect(page.getByLabel('type (non-user sessions)')).toBeVisible()
  await expect(page.getByLabel('roles', { exact: true })).toBeVisible()
  await expect(page.getByTestId('token-cleared')).toHaveCount(0)
  await expect(minted).toHaveCount(0)
})

test('State Backed: only the periods signToken accepts, a warning for an empty sub, the whole key id and issuer in the card', async ({ page }) => {
  // Four axe runs and eight full-page screenshots.
  test.setTimeout(90_000)
  const keyId = 'sbk_Q7vXk2mN9pLr5sYbHdTzWc'
  expect(keyId).toMatch(/^sbk_[A-Za-z0-9_-]{22}$/)
  await page.goto('/tokens?tab=generate')
  await page.getByRole('radio', { name: /State Backed/ }).check()
  const kid = page.getByLabel('State Backed key id (kid)')
  await kid.click()
  await page.keyboard.type(keyId)
  await page.keyboard.press('Tab')
  await page.keyboard.type('sbsec_e2eSecretValue0123456789')

  // The whole id shows in its box; the default issuer hint wraps inside the card.
  const fits = await kid.evaluate((el: HTMLInputElement) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
  expect(fits.scroll).toBeLessThanOrEqual(fits.client)
  const setup = page.getByRole('region', { name: 'Setup' })
  const hint = page.locator('#sb-iss-hint')
  await expect(hint).toContainText(`https://${keyId}.client.statebacked.dev/`)
  const [card, hintBox] = await Promise.all([setup.boundingBox(), hint.boundingBox()])
  expect(hintBox && card && hintBox.x + hintBox.width <= card.x + card.width - 8).toBe(true)
  expect(await hint.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)

  // A signed span that today's jose reads but signToken refuses.
  const expiresIn = page.getByLabel('Expires in (signToken time period)')
  await expiresIn.fill('')
  await expiresIn.pressSequentially('+2h')
  await page.keyboard.press('Tab')
  const periodError = page.locator('#exp-in-error')
  await expect(periodError).toHaveText('Invalid time period format: signToken takes no sign and no "from now"; write "2h"')
  await expect(expiresIn).toHaveAttribute('aria-invalid', 'true')
  await expect(expiresIn).toHaveAccessibleDescription(/Invalid time period format/)
  // Marked in red, not only in words: its border differs from a valid box's.
  const borderOf = (locator: typeof expiresIn) => locator.evaluate((el) => getComputedStyle(el).borderTopColor)
  expect(await borderOf(expiresIn)).not.toBe(await borderOf(page.getByLabel('Issuer (iss)')))
  await page.getByRole('button', { name: 'Sign token' }).click()
  await expect(expiresIn).toBeFocused()
  await expect(page.getByTestId('minted-token')).toHaveCount(0)
  await expect(page.getByText('Fix the field marked in Setup first.')).toBeVisible()
  await expiresIn.fill('1h from now')
  await expect(periodError).toContainText('write "1h"')
  await expiresIn.fill('-1h')
  await expect(periodError).toContainText('choose "expires at" and pick a past instant')
  await expiresIn.fill('2h')
  await expect(periodError).toHaveCount(0)
  await expect(expiresIn).not.toHaveAttribute('aria-invalid', 'true')

  // An empty sub is signed by signToken without a word; the page says so.
  const sub = page.getByLabel(/^sub \(authContext\.sub/)
  await expect(sub).toHaveValue('')
  const subWarning = page.getByTestId('sub-warning')
  await expect(subWarning).toContainText('never match')
  await expect(sub).toHaveAccessibleDescription(/never match/)
  await sub.pressSequentially('user-1')
  await expect(subWarning).toHaveCount(0)
  await sub.fill('')
  await expect(subWarning).toBeVisible()

  await expiresIn.fill('+2h')
  await expect(periodError).toBeVisible()
  for (const dark of [false, true]) {
    await setTheme(page, dark)
    await snap(page, `tokens-statebacked-form-${dark ? 'dark' : 'light'}`)
    // The error and the warning are readable in both themes.
    expect(await seriousAxeViolations(page)).toEqual([])
  }
  await expiresIn.fill('2h')

  await page.getByRole('button', { name: 'Sign token' }).click()
  const minted = page.getByTestId('minted-token')
  await expect(minted).toBeFocused()
  await expect(minted.getByTestId('minted-sub-warning')).toContainText('Check sub.')
  expect(await seriousAxeViolations(page)).toEqual([])
  const token = (await page.getByTestId('token-output').textContent()) ?? ''
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
  expect(Object.keys(payload)).toEqual(['act', 'aud', 'exp', 'iss', 'iat'])
  expect(payload.act).toEqual({})
  expect(Number(payload.exp) - Number(payload.iat)).toBe(7200)
  // Both snippets write out what was signed: act, aud, exp, iss.
  await expect(minted.getByRole('tabpanel')).toContainText(`stateBackedKeyId: "${keyId}"`)
  await expect(minted.getByRole('tabpanel')).toContainText('{ expires: { in: "2h" } }')
  await minted.getByRole('tab', { name: 'jose (Node)' }).click()
  const jose = minted.getByRole('tabpanel')
  await expect(jose).toContainText('"act": {}')
  await expect(jose).toContainText('.setAudience("https://api.statebacked.dev/")')
  await expect(jose).toContainText('.setExpirationTime("2h")')
  await expect(jose).toContainText(`.setIssuer("https://${keyId}.client.statebacked.dev/")`)
  await expect(minted.getByRole('tab', { name: 'FluxStack client' })).toHaveCount(0)

  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 800 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    expect(await kid.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true)
    for (const dark of [false, true]) {
      await setTheme(page, dark)
      await snap(page, `tokens-statebacked-${width}-${dark ? 'dark' : 'light'}`)
    }
  }
})
