/**
 * The dashboard build: a React SPA rooted at web/, built to web/dist, which the server serves with a strict CSP
 * (no inline scripts, same-origin only). `npm run build` from the repository root.
 * In development (`npx vite --config web/vite.config.ts`) the API is proxied so cookies stay same-origin.
 */
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname)
const apiUrl = process.env.CREDGATE_API_URL ?? 'http://localhost:4000'

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/graphql': apiUrl,
      '/readyz': apiUrl,
      '/healthz': apiUrl,
    },
  },
})
