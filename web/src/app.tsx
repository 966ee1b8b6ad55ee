/**
 * The application: the session, the frame, and the router deciding what to show for the current address —
 * a page, a redirect (to /login when signed out, away from /login when signed in), a 403-style notice, or 404.
 */
import { useEffect } from 'react'
import { ErrorBanner } from './components/alert.tsx'
import { Layout } from './components/layout.tsx'
import { Loading } from './components/spinner.tsx'
import { canOpen } from './navigation.ts'
import { isSafeInternalPath, Navigate, useLocation } from './router/router.tsx'
import { areaOf, matchRoute } from './routes/index.ts'
import { ForbiddenPage } from './routes/forbidden-page.tsx'
import { NotFoundPage } from './routes/not-found-page.tsx'
import { SessionProvider, useSession } from './session/session-context.tsx'

export function App() {
  return (
    <SessionProvider>
      <Layout>
        <RouterView />
      </Layout>
    </SessionProvider>
  )
}

function RouterView() {
  const { pathname, search } = useLocation()
  const { state, reload } = useSession()
  const route = matchRoute(pathname)

  useDocumentTitle(route ? route.title : 'Page not found')

  if (!route) return <NotFoundPage />
  if (route.access === 'public') return <route.component />

  if (state.status === 'loading') return <Loading label="Checking your session…" fullPage />
  if (state.status === 'unavailable') {
    return (
      <div className="page-width page page--narrow">
        <h1>CredGate is not responding</h1>
        <ErrorBanner error={state.error} onRetry={reload} />
      </div>
    )
  }

  if (route.access === 'guest') {
    if (state.status === 'signed-in') {
      const next = new URLSearchParams(search).get('next')
      return <Navigate to={isSafeInternalPath(next) && !next.startsWith('/login') ? next : '/'} />
    }
    return <route.component />
  }

  // access === 'staff'
  if (state.status !== 'signed-in') {
    const here = pathname + search
    const keepPlace = state.reason !== 'signed-out' && here !== '/'
    return <Navigate to={keepPlace ? `/login?next=${encodeURIComponent(here)}` : '/login'} />
  }
  const area = areaOf(route)
  // Fail closed: a staff page without an area in navigation.ts is open to nobody.
  if (!area || !canOpen(area, state.account.roles)) return <ForbiddenPage roles={state.account.roles} />
  return <route.component />
}

function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · CredGate`
  }, [title])
}
