/** Who is asking, in which role, for which purpose: carried by every request, checked everywhere. */
export const ROLES = ['social_worker', 'finance', 'icb_partner', 'analyst', 'data_steward'] as const;
export type Role = (typeof ROLES)[number];

export const PURPOSES = [
  'direct_care',
  'safeguarding',
  'finance',
  'commissioning',
  'population_health',
  'analytics',
  'data_management',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** DESIGN.md "Access": the purposes each role may use. */
export const ROLE_PURPOSES: Readonly<Record<Role, readonly Purpose[]>> = {
  social_worker: ['direct_care', 'safeguarding'],
  finance: ['finance'],
  icb_partner: ['commissioning', 'population_health'],
  analyst: ['analytics'],
  data_steward: ['data_management'],
};

export interface AuthContext {
  /** Token subject (user id); never a name or e-mail in logs. */
  subject: string;
  role: Role;
  purpose: Purpose;
  /** Social worker's team, for caseload checks. */
  team?: string;
  /** ICB partner's organisation, for sharing agreements and pseudonym keys. */
  organisation?: string;
  /** Set when a social worker opens a child outside their caseload (x-break-glass-reason header). */
  breakGlassReason?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}
