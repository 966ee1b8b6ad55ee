/** 404: the address matches no page. */
import { Link } from '../router/router.tsx'

export function NotFoundPage() {
  return (
    <div className="page-width page page--narrow">
      <p className="eyebrow">Error 404</p>
      <h1>Page not found</h1>
      <p className="lead">There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link to="/" className="button button--primary">
          <span>Go to the dashboard</span>
        </Link>
      </p>
    </div>
  )
}
