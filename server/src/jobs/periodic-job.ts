/** Runs a job every `intervalMs`, never overlapping itself; failures are logged and retried next time. */
import type { Logger } from '../logger.js'

export function startPeriodicJob(name: string, intervalMs: number, job: () => Promise<unknown>, logger: Logger): () => Promise<void> {
  let running: Promise<unknown> | undefined
  const timer = setInterval(() => {
    if (running) return
    running = job()
      .catch((error: unknown) => logger.warn(`${name} failed; will retry`, { error }))
      .finally(() => {
        running = undefined
      })
  }, intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
