import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { AxeResults, Result, RunOptions } from 'axe-core'
import { mountOverSocket } from './live-socket'
import { snap } from './screenshot'

/**
 * Every page, in both themes, against axe-core (injected from node_modules:
 * nothing is fetched): a serious or critical violation fails, and so does any
 * console error or uncaught page error while the page loads and settles.
 * Checked on load, then in use (every Rules tab, a signed and a decoded token,
 * an opened decision, a mounted connection), and on /signin with an admin token.
 */

// Each test loads a page (or two), runs axe several times and waits for live data: more than the default 30 s on two busy cores.
test.describe.configure({ timeout: 90_000 })

const AXE_SCRIPT = require.resolve('axe-core/axe.min.js')
const FAILING_IMPACTS = new Set(['serious', 'critical'])
const THEMES = ['light', 'dark'] as const
type Theme = (typeof THEMES)[number]

interface Target {
  readonly path: string
  /** What shows that the page has its data (beyond "no loading text"). */
  readonly ready: (page: Page) => Promise<void>
}

const heading = (name: string) => async (page: Page) => {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
}

const STUDIO_PAGES: readonly Target[] = [
  {
    path: '/',
    ready: async (page) => {
      await heading('Overview')(page)
      await expect(page.getByTestId('workspace-name')).toHaveText('FluxStack Live demo')
    },
  },
  {
    path: '/rules',
    ready: async (page) => {
      await expect(page.getByTestId('monaco-host')).toHaveAttribute('data-editor-ready', 'true', { timeout: 20_000 })
      await expect(page.locator('.monaco-editor .line-numbers').first()).toBeVisible()
    },
  },
  { path: '/live', ready: heading('Live tester') },
  {
    path: '/traces',
    ready: async (page) => {
      await heading('Traces')(page)
      // Both verdicts are logged in beforeAll, so allow and deny badges are on screen.
      await expect(page.getByTestId('decision-row').first()).toBeVisible()
    },
  },
  {
    path: '/tokens',
    ready: async (page) => {
      await heading('Tokens')(page)
      await expect(page.getByRole('tab', { selected: true })).toBeVisible()
    },
  },
  { path: '/settings', ready: heading('Settings') },
]

/** The pages' progress texts ("Loading the history…", "Running the rule tests…"). */
const BUSY_TEXT = /^(Loading|Running|Deciding|Asking|Reading|Opening|Signing)\b.*…$/

/** Console errors and uncaught exceptions of one page, from the first request on. */
function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    const at = msg.location()
    errors.push(`console.error: ${msg.text()}${at.url ? ` (${at.url}:${at.lineNumber})` : ''}`)
  })
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.name}: ${error.message}`))
  return errors
}

/** Waits until the page has its data: the target's marker, then no loading text and nothing aria-busy. */
async function settle(page: Page, target: Target): Promise<void> {
  await target.ready(page)
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
  await expect(page.getByText(BUSY_TEXT)).toHaveCount(0)
  // Let fonts and the last fetches' re-render land before axe reads colours.
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))))
}

async function runAxe(page: Page): Promise<AxeResults> {
  await page.addScriptTag({ path: AXE_SCRIPT })
  return page.evaluate(() => {
    const { axe } = window as unknown as { axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> } }
    return axe.run(document, { resultTypes: ['violations'] })
  })
}

/** One violation per block: rule, impact, help, and each offending node with axe's explanation. */
function describeViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})\n    ${v.helpUrl}\n${nodes.join('\n')}`
    })
    .join('\n')
}

/** Axe plus the error watch; fails with a readable list of everything found. */
async function check(page: Page, errors: string[], label: string, theme: Theme): Promise<void> {
  await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?![\s\S]*\bdark\b)/)
  const { violations } = await runAxe(page)
  const failing = violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''))
  const minor = violations.filter((v) => !FAILING_IMPACTS.has(v.impact ?? ''))
  if (minor.length > 0) {
    test.info().annotations.push({ type: 'axe (moderate/minor)', description: `${label} ${theme}: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}` })
  }
  const report = [
    failing.length > 0 ? `${failing.length} serious/critical axe violation(s) on ${label} (${theme} theme):\n${describeViolations(failing)}` : '',
    errors.length > 0 ? `${errors.length} console/page error(s) on ${label} (${theme} theme):\n${errors.map((e) => `  ${e}`).join('\n')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n')
  expect(report, report).toBe('')
}

/** The icons the page declares (and the browser's default /favicon.ico) answer with an image. */
async function checkIcons(page: Page): Promise<void> {
  const hrefs = await page.locator('link[rel~="icon"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href))
  expect(hrefs.length, 'the page declares a favicon').toBeGreaterThan(0)
  for (const href of [...hrefs, new URL('/favicon.ico', page.url()).href]) {
    const res = await page.request.get(href)
    expect(res.status(), href).toBe(200)
    expect(res.headers()['content-type'], href).toMatch(/^image\//)
  }
}

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme })

    test.beforeAll(async ({ request, baseURL }) => {
      // Both verdicts in the decision log, so Overview and Traces show their badges and charts.
      expect(await mountOverSocket(request, baseURL ?? '', 'free-user', 'AdminPanel')).toBe(false)
      expect(await mountOverSocket(request, baseURL ?? '', 'admin', 'AdminPanel')).toBe(true)
    })

    for (const target of STUDIO_PAGES) {
      test(`${target.path} has no serious axe violation and no console error`, async ({ page }) => {
        const errors = watchErrors(page)
        await page.goto(target.path)
        await settle(page, target)
        await snap(page, `a11y${target.path === '/' ? '-overview' : target.path.replace(/\//g, '-')}-${theme}`)
        await check(page, errors, target.path, theme)
        if (target.path === '/') await checkIcons(page)
      })
    }
  })
}

/** Settles after an interaction: nothing busy, no progress text, two frames for the re-render. */
async function settleAgain(page: Page): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
  await expect(page.getByText(BUSY_TEXT)).toHaveCount(0)
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

/** Every tab of a tablist, chosen as a user does (click), each checked once its panel has settled. */
async function checkEachTab(page: Page, errors: string[], tablist: string, label: string, theme: Theme): Promise<void> {
  const tabs = page.getByRole('tablist', { name: tablist }).getByRole('tab')
  const names = (await tabs.allTextContents()).map((n) => n.trim())
  expect(names.length, `tabs of ${tablist}`).toBeGreaterThan(1)
  for (const name of names) {
    const tab = tabs.filter({ hasText: name }).first()
    await tab.click()
    await expect(tab).toHaveAttribute('aria-selected', 'true')
    await expect(page.getByRole('tabpanel').first()).toBeVisible()
    await settleAgain(page)
    await check(page, errors, `${label} › ${name}`, theme)
  }
}

// The states a user reaches on each page: every tab, a signed token, an opened decision, a mounted connection.
for (const theme of THEMES) {
  test.describe(`${theme} theme, in use`, () => {
    test.use({ colorScheme: theme })

    test('/rules: every tab of the evaluation panel', async ({ page }) => {
      test.setTimeout(180_000)
      const errors = watchErrors(page)
      const rules = STUDIO_PAGES.find((t) => t.path === '/rules') as Target
      await page.goto(rules.path)
      await settle(page, rules)
      await checkEachTab(page, errors, 'Evaluate the workspace', '/rules', theme)
    })

    test('/tokens: a signed token, then decode and keys', async ({ page }) => {
      const errors = watchErrors(page)
      await page.goto('/tokens?tab=generate')
      await settle(page, STUDIO_PAGES.find((t) => t.path === '/tokens') as Target)
      await page.getByRole('button', { name: 'Sign token' }).click()
      await expect(page.getByTestId('token-output')).toHaveText(/^eyJ[\w-]+\.[\w-]+\.[\w-]*$/)
      await settleAgain(page)
      await snap(page, `a11y-tokens-signed-${theme}`)
      await check(page, errors, '/tokens › signed token', theme)
      const token = (await page.getByTestId('token-output').textContent()) ?? ''

      await page.getByRole('tab', { name: 'Decode & verify' }).click()
      await page.getByLabel(/^Token \(JWT/).fill(token)
      await expect(page.getByTestId('decoded-payload')).toBeVisible()
      await settleAgain(page)
      await check(page, errors, '/tokens › Decode & verify', theme)

      await page.getByRole('tab', { name: 'Keys' }).click()
      await settleAgain(page)
      await check(page, errors, '/tokens › Keys', theme)
    })

    test('/traces: a decision opened', async ({ page, request, baseURL }) => {
      expect(await mountOverSocket(request, baseURL ?? '', 'free-user', 'AdminPanel')).toBe(false)
      const errors = watchErrors(page)
      const traces = STUDIO_PAGES.find((t) => t.path === '/traces') as Target
      await page.goto(traces.path)
      await settle(page, traces)
      await page.getByTestId('decision-row').first().click()
      await expect(page.getByTestId('trace-item').first()).toBeVisible()
      await settleAgain(page)
      await snap(page, `a11y-traces-opened-${theme}`)
      await check(page, errors, '/traces › opened decision', theme)
    })

    test('/live: a connection opened from a link (connected, authenticated, mount denied)', async ({ page }) => {
      const errors = watchErrors(page)
      await page.goto('/live?component=AdminPanel&persona=free-user')
      await expect(page.getByTestId('autopilot')).toHaveAttribute('data-phase', 'denied', { timeout: 20_000 })
      await expect(page.getByTestId('trace-item').first()).toBeVisible()
      await settleAgain(page)
      await snap(page, `a11y-live-mounted-${theme}`)
      await check(page, errors, '/live › mounted from a link', theme)
    })
  })
}

test.describe('with an admin token', () => {
  const ADMIN_TOKEN = 'a11y-admin-token-0123456789'
  let server: ChildProcess | undefined
  let base = ''
  let dataDir = ''

  test.beforeAll(async () => {
    // A second production server (the suite's own has no admin token): same build, its own store, a free port.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-admin-'))
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/server/main.ts'], {
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', STUDIO_DATA_DIR: dataDir, STUDIO_ADMIN_TOKEN: ADMIN_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server = child
    let output = ''
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The admin-token server did not start in 60 s:\n${output}`)), 60_000)
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        const url = /Live Auth Studio at (http:\/\/\S+)/.exec(output)?.[1]
        if (url) {
          clearTimeout(timer)
          resolve(url)
        }
      }
      child.stdout?.on('data', onData)
      child.stderr?.on('data', onData)
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`The admin-token server exited (${code}):\n${output}`))
      })
    })
  })

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve))
      server.kill('SIGTERM')
      await exited
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })

  for (const theme of THEMES) {
    test(`/signin and the signed-in shell have no serious axe violation and no console error (${theme} theme)`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme: theme, baseURL: base })
      const page = await context.newPage()
      const errors = watchErrors(page)

      // A page asks for sign-in first.
      await page.goto('/settings')
      await expect(page).toHaveURL(/\/signin\?next=%2Fsettings$/)
      const signIn: Target = { path: '/signin', ready: heading('Live Auth Studio') }
      await settle(page, signIn)
      await check(page, errors, '/signin', theme)
      await checkIcons(page)

      // A wrong token is refused with a message. The browser logs the sign-in request's 401 as a console
      // error: that one is expected, so it is awaited and set aside; anything else still fails.
      await page.getByLabel('Admin token').fill('not-the-admin-token')
      const refused = page.waitForEvent('console', (msg) => msg.type() === 'error' && /status of 401/.test(msg.text()) && msg.location().url.endsWith('/api/session'))
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect(page.getByRole('alert').filter({ hasText: 'not the studio admin token' })).toBeVisible()
      await refused
      const expected = errors.findIndex((e) => /status of 401.*\/api\/session:/.test(e))
      expect(expected, errors.join('\n')).toBeGreaterThanOrEqual(0)
      errors.splice(expected, 1)
      await snap(page, `a11y-signin-refused-${theme}`)
      await check(page, errors, '/signin (wrong token)', theme)

      // Signed in: the header gains the session controls.
      await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect(page).toHaveURL(/\/settings$/)
      await settle(page, STUDIO_PAGES.find((t) => t.path === '/settings') as Target)
      await expect(page.getByRole('button', { name: 'Sign out everywhere' })).toBeVisible()
      await check(page, errors, '/settings (signed in)', theme)
      await context.close()
    })
  }
})
