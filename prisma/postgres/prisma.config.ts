// Prisma CLI configuration for the production PostgreSQL schema. The JS schema engine (WASM) does the work
// offline; the two variables below stop the CLI from trying to download native engines.
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= '/dev/null'
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/dev/null'

import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'

const here = import.meta.dirname

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: here,
  migrations: { path: path.join(here, 'migrations') },
  async adapter() {
    const url = process.env.DATABASE_URL
    if (!url) throw new Error('DATABASE_URL is required for the PostgreSQL schema')
    // allowExitOnIdle: otherwise the idle pool keeps the CLI alive for 10 s after it is done
    return new PrismaPg({ connectionString: url, allowExitOnIdle: true, idleTimeoutMillis: 50 })
  },
})
