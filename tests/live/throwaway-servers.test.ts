import fs from 'node:fs'
import net from 'node:net'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { startPostgres, type PostgresServer } from '@/tests/helpers/pg-server'
import { startRedis } from '@/tests/helpers/redis-server'

async function queryOnce(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => socket.write(`${command}\r\n`))
    socket.once('data', (chunk) => {
      socket.destroy()
      resolve(chunk.toString())
    })
    socket.once('error', reject)
  })
}

describe('throwaway Postgres', () => {
  let server: PostgresServer | undefined
  afterAll(() => server?.stop())

  it('starts on loopback with fsync on, keeps committed rows across a crash-restart, refuses connections while down, stops and removes its dir', async () => {
    server = await startPostgres()
    expect(server.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/studio$/)
    expect(await queryOnce(server.url, 'SHOW fsync')).toEqual([{ fsync: 'on' }])
    await queryOnce(server.url, 'CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2)')

    let downError: unknown
    await server.restart({ mode: 'immediate', whileDown: async () => { downError = await queryOnce(server!.url, 'SELECT 1').catch((e: unknown) => e) } })
    expect(downError).toBeInstanceOf(Error)
    expect((downError as NodeJS.ErrnoException).code).toBe('ECONNREFUSED')
    expect(await queryOnce(server.url, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2 }])

    const { port, dir } = server
    expect(fs.existsSync(dir)).toBe(true)
    await server.stop()
    expect(fs.existsSync(dir)).toBe(false)
    await expect(queryOnce(`postgres://postgres@127.0.0.1:${port}/studio`, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/)
    server = undefined
  })
})

describe('throwaway Redis', () => {
  it('answers PING, starts empty after a restart, and is gone after stop', async () => {
    const redis = await startRedis()
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`)
      expect(await redisCommand(redis.port, 'SET k v')).toBe('+OK\r\n')
      await redis.restart()
      expect(await redisCommand(redis.port, 'GET k')).toBe('$-1\r\n')
    } finally {
      await redis.stop()
    }
    expect(fs.existsSync(redis.dir)).toBe(false)
    await expect(redisCommand(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/)
  })
})
