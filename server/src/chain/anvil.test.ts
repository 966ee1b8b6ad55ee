import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { answersChainId, freePort, startAnvil } from './anvil.js'

describe('embedded anvil state file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credgate-anvil-'))
  const stateFile = path.join(dir, 'chain-state.json')
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('keeps a copy of each clean start, and refuses a state file cut short by a crash with a plain reason', async () => {
    const port = await freePort()
    const first = await startAnvil({ port, chainId: 1337, stateFile })
    await first.stop() // saved on SIGTERM
    const second = await startAnvil({ port, chainId: 1337, stateFile })
    await second.stop()
    expect(fs.existsSync(`${stateFile}.last-start`)).toBe(true)

    const whole = fs.readFileSync(stateFile)
    fs.writeFileSync(stateFile, whole.subarray(0, Math.floor(whole.length / 2))) // a write cut short
    await expect(startAnvil({ port, chainId: 1337, stateFile })).rejects.toThrow(/is damaged.*chain-state\.json\.last-start/s)
    expect(await answersChainId(`http://127.0.0.1:${port}`)).toBe(false) // nothing was started
    fs.copyFileSync(`${stateFile}.last-start`, stateFile) // the person's choice, as the message says
    const restored = await startAnvil({ port, chainId: 1337, stateFile })
    expect(await answersChainId(restored.rpcUrl)).toBe(true)
    await restored.stop()
  })
})
