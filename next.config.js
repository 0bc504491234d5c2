// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and WebAssembly packages stay as Node requires in route handlers.
  serverExternalPackages: ['better-sqlite3', 'quickjs-emscripten', 'sucrase', 'ws'],
  // The studio works offline and sends nothing anywhere.
  productionBrowserSourceMaps: false,
  // `npm test` typechecks the whole project as its own step; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ]
  },
}

module.exports = nextConfig
