/** Deployment facts remembered in the database (the Setting table). */
import type { DbTx } from './db.js'

export const SettingKey = {
  chainId: 'chain.chainId',
  registry: 'chain.didRegistry',
  demoSeeded: 'demo.seeded',
} as const

export async function readSetting(db: DbTx, key: string): Promise<string | undefined> {
  const row = await db.setting.findUnique({ where: { key } })
  return row?.value
}

export async function writeSetting(db: DbTx, key: string, value: string): Promise<void> {
  await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } })
}
