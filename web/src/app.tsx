/**
 * The application: the session, the frame, and the router deciding what to show for the current address —
 * a page, a redirect (to /login when signed out, away from /login when signed in), a 403-style notice, or 404.
 * A page that fails to render or to load its code shows a plain message with a reload (ErrorBoundary).
 */
import { Suspense, useEffect, type ComponentType, type ReactNode } from 'react'
import { ErrorBanner } from './components/alert.tsx'
import { ErrorBoundary } from './components/error-boundary.tsx'
import { Layout } from './components/layout.tsx'
import { Loading } from './components/spinner.tsx'
import { canOpen } from './navigation.ts'
import { isSafeInternalPath, Navigate, RouteParamsContext, useLocation, type RouteParams } from './router/router.tsx'
import { areaOf, matchRoute } from './routes/index.ts'
import { ForbiddenPage } from './routes/forbidden-page.tsx'
import { NotFoundPage } from './routes/not-found-page.tsx'
import { SessionProvider, useSession } from './session/session-context.tsx'

export function App() {
  return (
    <SessionProvider>
      <Layout>
        <PageErrorBoundary>
          <RouterView />
        </PageErrorBoundary>
      </Layout>
    </SessionProvider>
  )
}

/** One boundary for every page (and its on-demand code): the frame and navigation stay usable; moving to another page clears it. */
function PageErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation()
  return <ErrorBoundary resetKey={pathname}>{children}</ErrorBoundary>
}

function RouterView() {
  const { pathname, search } = useLocation()
  const { state, reload } = useSession()
  const match = matchRoute(pathname)
  const route = match?.route

  useDocumentTitle(route ? route.title : 'Page not found')

  if (!match || !route) return <NotFoundPage />
  if (route.access === 'public') return <RoutePage component={route.component} params={match.params} />

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
    return <RoutePage component={route.component} params={match.params} />
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
  return <RoutePage component={route.component} params={match.params} />
}

/** A page with its route parameters; pages loaded on demand show a loading state meanwhile. */
function RoutePage({ component: Page, params }: { component: ComponentType; params: RouteParams }) {
  return (
    <RouteParamsContext.Provider value={params}>
      <Suspense fallback={<Loading label="Loading…" fullPage />}>
        <Page />
      </Suspense>
    </RouteParamsContext.Provider>
  )
}

function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · CredGate`
  }, [title])
}
