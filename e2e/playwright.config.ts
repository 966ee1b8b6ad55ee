/**
 * Browser journeys against the real server (dev chain, SQLite, demo seed) in Debian's Chromium.
 * The web server step builds the dashboard first (the server serves web/dist only if it exists at boot),
 * then starts CredGate on fixed test ports with a fresh data directory.
 */
import path from 'node:path'
import { defineConfig } from '@playwright/test'

const ROOT = path.resolve(import.meta.dirname, '..')
const PORT = 4310
const CHAIN_PORT = 8646
export const BASE_URL = `http://127.0.0.1:${PORT}`

export default defineConfig({
  testDir: 'specs',
  outputDir: 'artifacts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: BASE_URL,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
    screenshot: 'on',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  webServer: {
    // NODE_ENV=production for the build only: with NODE_ENV=test Vite would bundle React's development build.
    command: 'NODE_ENV=production npm run build && rm -rf e2e/.data && npx tsx server/src/main.ts',
    cwd: ROOT,
    url: `${BASE_URL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      DATA_DIR: 'e2e/.data',
      PORT: String(PORT),
      CHAIN_PORT: String(CHAIN_PORT),
      NODE_ENV: 'test',
      DEMO: 'true',
      // Wallets address proofs and presentations to the host they are on; the server checks them against its
      // public URL, so it must be the address the browser uses.
      PUBLIC_URL: BASE_URL,
    },
  },
})
