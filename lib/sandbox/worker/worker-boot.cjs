/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry: tsx's require hooks reach worker threads, its ESM loader does not */
// Starts a sandbox worker: TypeScript through tsx's CommonJS hooks, then the real entry.
require('tsx/cjs/api').register()
require('./worker-main.ts')
