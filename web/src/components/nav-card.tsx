/** A card that links to one area of the dashboard (shown on Home for the areas a person's roles open). */
import { Link } from '../router/router.tsx'

export function NavCard({ to, title, description }: { to: string; title: string; description: string }) {
  return (
    <Link to={to} className="nav-card">
      <span className="nav-card__title">{title}</span>
      <span className="nav-card__description">{description}</span>
      <span className="nav-card__arrow" aria-hidden="true">
        →
      </span>
    </Link>
  )
}
