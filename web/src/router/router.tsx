/**
 * A tiny router on the History API: the current location as an external store, navigate(), <Link> and
 * <Navigate>. Routes themselves are a plain table (routes/index.ts) matched by path pattern ("/licences/:id");
 * a page reads its parameters with useParams() and its query string with useSearchParam().
 */
import { createContext, useContext, useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react'

const listeners = new Set<() => void>()

function notify(): void {
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (listeners.size === 1) window.addEventListener('popstate', notify)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) window.removeEventListener('popstate', notify)
  }
}

function snapshot(): string {
  return window.location.pathname + window.location.search
}

export interface Location {
  pathname: string
  search: string
}

/** The current path and query string; re-renders on navigate() and on back/forward. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot)
  const queryAt = href.indexOf('?')
  return queryAt < 0 ? { pathname: href, search: '' } : { pathname: href.slice(0, queryAt), search: href.slice(queryAt) }
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  notify()
}

/** Only same-site paths: "/x" but not "//evil.example" or "https://…". Used for ?next= after sign-in. */
export function isSafeInternalPath(path: string | null | undefined): path is string {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\')
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string
}

/** An ordinary <a href> (so open-in-new-tab and keyboard work) that navigates in place on a plain click. */
export function Link({ to, onClick, target, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0 || (target && target !== '_self')) return
    if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return
    event.preventDefault()
    navigate(to)
  }
  return <a href={to} target={target} onClick={handleClick} {...rest} />
}

/** Redirects once rendered (e.g. to /login when signed out). */
export function Navigate({ to, replace = true }: { to: string; replace?: boolean }) {
  useEffect(() => {
    navigate(to, { replace })
  }, [to, replace])
  return null
}

export type RouteParams = Readonly<Record<string, string>>

/** The parameters of the matched route pattern (":id" → params.id), set by the router view. */
export const RouteParamsContext = createContext<RouteParams>({})

export function useParams(): RouteParams {
  return useContext(RouteParamsContext)
}

/** One query-string parameter of the current address (re-renders when it changes). */
export function useSearchParam(name: string): string | null {
  const { search } = useLocation()
  return new URLSearchParams(search).get(name)
}

/**
 * Matches a path against a pattern whose segments are literals or ":name" (one non-empty segment).
 * Returns the decoded parameters, or undefined. A trailing slash is ignored.
 */
export function matchPath(pattern: string, pathname: string): RouteParams | undefined {
  const normalize = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path)
  const want = normalize(pattern).split('/')
  const have = normalize(pathname).split('/')
  if (want.length !== have.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const expected = want[i] as string
    const actual = have[i] as string
    if (expected.startsWith(':')) {
      if (!actual) return undefined
      try {
        params[expected.slice(1)] = decodeURIComponent(actual)
      } catch {
        return undefined
      }
    } else if (expected !== actual) {
      return undefined
    }
  }
  return params
}
