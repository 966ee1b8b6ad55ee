/** Shown in place of a page whose area the signed-in person's roles do not open. (Not a route of its own.) */
import { Link } from '../router/router.tsx'
import { roleLabel } from '../session/labels.ts'

export function ForbiddenPage({ roles }: { roles: readonly string[] }) {
  return (
    <div className="page-width page page--narrow">
      <p className="eyebrow">Not available</p>
      <h1>You do not have access to this page</h1>
      <p className="lead">
        This part of CredGate is for other roles. Your roles: {roles.map(roleLabel).join(', ') || 'none'}. Ask an
        administrator of your organisation if you need access.
      </p>
      <p>
        <Link to="/" className="button button--primary">
          <span>Go to the dashboard</span>
        </Link>
      </p>
    </div>
  )
}
