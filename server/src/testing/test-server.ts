/** Serves a test platform's app on 127.0.0.1 at the port its config names; returns a tiny GraphQL client. */
import type { Server } from 'node:http'
import { createApp } from '../app.js'
import type { Platform } from '../platform.js'

export interface TestServer {
  baseUrl: string
  close(): Promise<void>
}

export async function startTestServer(platform: Platform): Promise<TestServer> {
  const app = createApp(platform)
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(platform.config.port, '127.0.0.1', () => resolve(s))
    s.once('error', reject)
  })
  return {
    baseUrl: `http://127.0.0.1:${platform.config.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A GraphQL client that keeps the session cookie and CSRF token like the dashboard does. */
export class GraphQLTestClient {
  cookie: string | undefined
  csrfToken: string | undefined

  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    })
    const setCookie = res.headers.get('set-cookie')
    if (setCookie) this.cookie = setCookie.split(';')[0]
    const body = (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string; details?: unknown } }> }
    return { status: res.status, setCookie, ...body }
  }

  async login(email: string, password: string) {
    const result = await this.request<{ login: { csrfToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken account { id email roles organization { id did } } } }',
      { e: email, p: password },
    )
    if (result.errors) throw new Error(`login failed: ${result.errors[0]?.extensions?.code}`)
    this.csrfToken = result.data!.login.csrfToken
    return result
  }
}
