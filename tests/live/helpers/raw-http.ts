import net from 'node:net'

export interface RawAnswer {
  /** Everything the server sent before it closed (or before `timeoutMs`). */
  readonly text: string
  /** The status code of the first status line; 0 when none arrived. */
  readonly status: number
  /** Milliseconds from connect until the server closed the socket (or the timeout). */
  readonly ms: number
  /** False when the timeout fired before the server closed the socket. */
  readonly closed: boolean
}

export interface RawOptions {
  readonly localAddress?: string
  readonly timeoutMs?: number
}

/** The status code of a raw HTTP answer. */
export const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)

/** The JSON body of a raw HTTP answer (Content-Length or chunked). */
export function bodyOf(text: string): unknown {
  const at = text.indexOf('\r\n\r\n')
  let body = text.slice(at + 4)
  if (/\r\ntransfer-encoding: chunked\r\n/i.test(text.slice(0, at + 2))) {
    let joined = ''
    for (let rest = body; ; ) {
      const eol = rest.indexOf('\r\n')
      const size = parseInt(rest.slice(0, eol), 16)
      if (!size) break
      joined += rest.slice(eol + 2, eol + 2 + size)
      rest = rest.slice(eol + 4 + size)
    }
    body = joined
  }
  return JSON.parse(body)
}

/** Connects, writes `request` as is (nothing is added), collects until the server closes. */
export function rawHttp(port: number, request: string, options: RawOptions = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = net.connect({ port, host: '127.0.0.1', ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, () => socket.write(request))
    let text = ''
    let done = false
    const finish = (closed: boolean) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ text, status: statusOf(text), ms: Date.now() - started, closed })
    }
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 3_000)
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')))
    socket.on('close', () => finish(true))
    socket.on('error', (error) => (text ? finish(true) : reject(error)))
  })
}

/** A request line and headers (`Connection: close` unless given), no body. */
export function request(method: string, target: string, port: number, headers: Record<string, string> = {}): string {
  const all = { Host: `127.0.0.1:${port}`, Connection: 'close', ...headers }
  const lines = [`${method} ${target} HTTP/1.1`, ...Object.entries(all).map(([k, v]) => `${k}: ${v}`)]
  return `${lines.join('\r\n')}\r\n\r\n`
}

/** Opens a socket and leaves it idle (a slow client); resolves once connected. */
export function idleSocket(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(socket))
    socket.on('error', reject)
  })
}
