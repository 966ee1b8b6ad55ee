/**
 * ISO 3166-2 subdivision codes accepted as licensing jurisdictions. Licensure in the first markets is by US
 * state/territory and Canadian province/territory; the list is data and grows with new markets.
 */
const US = 'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI UM'
const CA = 'AB BC MB NB NL NS NT NU ON PE QC SK YT'

export const JURISDICTIONS: ReadonlySet<string> = new Set([...US.split(' ').map((s) => `US-${s}`), ...CA.split(' ').map((s) => `CA-${s}`)])

export function isKnownJurisdiction(code: string): boolean {
  return JURISDICTIONS.has(code)
}

/** Licence types a board may be accredited for. */
export const LICENSE_TYPES = ['MD', 'DO', 'RN', 'LPN', 'NP', 'PA', 'CRNA', 'CNM', 'PharmD', 'DDS', 'DMD', 'DPM', 'PT', 'OT', 'RT', 'PsyD'] as const
export type LicenseType = (typeof LICENSE_TYPES)[number]
