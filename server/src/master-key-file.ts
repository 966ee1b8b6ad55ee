/**
 * The embedded default keeps its master key in DATA_DIR/master.key (mode 0600), created once.
 * Production passes MASTER_KEY in the environment and never touches this file.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export function loadOrCreateMasterKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, 'master.key')
  fs.mkdirSync(dataDir, { recursive: true })
  try {
    const hex = fs.readFileSync(file, 'utf8').trim()
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file} is not a 32-byte hex key`)
    return Buffer.from(hex, 'hex')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const key = crypto.randomBytes(32)
  fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  return key
}
