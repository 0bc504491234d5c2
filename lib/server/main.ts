import { ConfigError, loadConfig } from '../config'
import { StoreError } from '../store/errors'
import { startStudioServer } from './studio-server'

const SHUTDOWN_DEADLINE_MS = 4500
// Nothing may leave the machine: no Next.js telemetry.
process.env.NEXT_TELEMETRY_DISABLED = '1'

/** `npm start` / `npm run dev`: start the studio, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const dev = process.argv.includes('--dev')
  const log = (line: string) => console.log(`[studio] ${line}`)
  try {
    const config = loadConfig()
    const studio = await startStudioServer({ config, dev, log })
    log(`Live Auth Studio ${dev ? '(development) ' : ''}at ${studio.url}`)
    const store = await studio.store.info()
    log(`Store: ${store.kind === 'sqlite' ? store.location : `${store.kind} ${store.location}`}`)
    if (config.adminToken) log('Admin token required: sign in at /signin')

    const shutdown = (signal: string) => {
      log(`${signal} received, closing live sockets and the store`)
      setTimeout(() => {
        log('Shutdown took too long; exiting anyway')
        process.exit(0)
      }, SHUTDOWN_DEADLINE_MS).unref()
      studio.close().then(
        () => process.exit(0),
        () => process.exit(0),
      )
    }
    process.once('SIGINT', () => shutdown('SIGINT'))
    process.once('SIGTERM', () => shutdown('SIGTERM'))
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StoreError) {
      console.error(`[studio] ${error.message}`)
      process.exit(1)
    }
    throw error
  }
}

void main()
