/** The Prisma client type the stores run on (both generated clients share the same models). */
import type { PrismaClient } from '../../prisma/generated/sqlite/client.ts'

export type StoreDb = InstanceType<typeof PrismaClient>
