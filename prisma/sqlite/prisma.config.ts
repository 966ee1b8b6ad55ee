// Prisma CLI configuration for the embedded SQLite schema. The JS schema engine (WASM) does the work
// offline; the two variables below stop the CLI from trying to download native engines.
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= '/dev/null'
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/dev/null'

import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'

const here = import.meta.dirname

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: here,
  migrations: { path: path.join(here, 'migrations') },
  async adapter() {
    // CREDGATE_SQLITE_FILE is set by the server when it applies migrations at start-up.
    const file = process.env.CREDGATE_SQLITE_FILE ?? path.join(here, '..', '..', 'data', 'credgate.db')
    return new PrismaBetterSQLite3({ url: file })
  },
})
