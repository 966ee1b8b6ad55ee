/**
 * The page frame: skip link, top bar (brand, main navigation and the signed-in person with Sign out when there
 * is a session), the main landmark, and a footer. Focus moves to <main> after each in-app navigation the
 * person caused, so keyboard and screen-reader users start at the new content.
 */
import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react'
import { describeError } from '../graphql/error-messages.ts'
import { areasFor } from '../navigation.ts'
import { Link, navigate, useLocation } from '../router/router.tsx'
import { useSession } from '../session/session-context.tsx'
import { Alert } from './alert.tsx'
import { Button } from './button.tsx'

export function Layout({ children }: { children: ReactNode }) {
  const { state, signOut } = useSession()
  const { pathname } = useLocation()
  const mainRef = useRef<HTMLElement>(null)
  const previousPath = useRef(pathname)
  const [signingOut, setSigningOut] = useState(false)
  const [signOutError, setSignOutError] = useState<unknown>(null)

  const hasInteracted = useRef(false)

  useEffect(() => {
    const mark = () => {
      hasInteracted.current = true
    }
    window.addEventListener('keydown', mark, { capture: true, once: true })
    window.addEventListener('pointerdown', mark, { capture: true, once: true })
    return () => {
      window.removeEventListener('keydown', mark, { capture: true })
      window.removeEventListener('pointerdown', mark, { capture: true })
    }
  }, [])

  // Only after the person has done something: redirects while the page first loads (/ → /login) leave focus at
  // the top of the document, where the skip link is.
  useEffect(() => {
    if (pathname === previousPath.current) return
    previousPath.current = pathname
    if (hasInteracted.current) mainRef.current?.focus()
  }, [pathname])

  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault()
    mainRef.current?.focus()
    mainRef.current?.scrollIntoView()
  }

  const handleSignOut = async () => {
    setSigningOut(true)
    setSignOutError(null)
    try {
      await signOut()
      navigate('/login', { replace: true })
    } catch (error) {
      setSignOutError(error)
      setSigningOut(false)
    }
  }

  const account = state.status === 'signed-in' ? state.account : undefined
  const links = account ? areasFor(account.roles) : []

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to main content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link to="/" className="brand" aria-label="CredGate home">
            <BrandMark />
            <span className="brand__name">CredGate</span>
          </Link>
          {account ? (
            <>
              {links.length > 1 ? (
              <nav className="topnav" aria-label="Main">
                <ul>
                  {links.map((link) => (
                    <li key={link.path}>
                      <Link to={link.path} className="topnav__link" aria-current={link.path === pathname ? 'page' : undefined}>
                        {link.label}
                      </Link>
                    </li>
                  ))}
                </ul>
              </nav>
              ) : null}
              <div className="account-menu">
                <div className="account-menu__who">
                  <span className="account-menu__name">{account.name}</span>
                  <span className="account-menu__org">{account.organization.name}</span>
                </div>
                <Button variant="secondary" onClick={handleSignOut} busy={signingOut}>
                  Sign out
                </Button>
              </div>
            </>
          ) : null}
        </div>
      </header>
      {signOutError ? (
        <div className="page-width banner-slot">
          <Alert tone="error" title="You are still signed in">
            <p>{describeError(signOutError)}</p>
          </Alert>
        </div>
      ) : null}
      <main id="main" ref={mainRef} tabIndex={-1} className="main">
        {children}
      </main>
      <footer className="footer">
        <div className="page-width footer__inner">
          <span>CredGate · verifiable clinician credentials</span>
        </div>
      </footer>
    </div>
  )
}

function BrandMark() {
  return (
    <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path d="M16 6l8 3v6c0 5-3.4 9.2-8 11-4.6-1.8-8-6-8-11V9l8-3z" fill="#fff" />
      <path d="M12.2 16.2l2.6 2.6 5-5.2" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}
