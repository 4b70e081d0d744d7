import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth-context';
import { FIELD_POLICY, type Condition, type FieldRule } from './field-policy';

/** What the policy's conditions need to know about one child, worked out per request. */
export interface ChildFacts {
  personId: string;
  /** A sealed pre-adoption identity. */
  sealed: boolean;
  /** A current consent or legal basis covers this request's purpose and recipient. */
  sharingBasis: boolean;
}

/** Collects, per request, which children and which fields were read: the audit row's content. */
export class ReadLog {
  readonly personIds = new Set<string>();
  readonly fields = new Set<string>();

  child(personId: string): void {
    this.personIds.add(personId);
  }
}

/** Every field of T, each produced lazily: only granted fields are ever computed. */
export type FieldSources<T> = { [K in keyof T]-?: () => T[K] };
/** An output model as the policy built it: a field not granted stays null. */
export type Granted<T> = { [K in keyof T]: T[K] | null };

function conditionHolds(condition: Condition, facts: ChildFacts | undefined): boolean {
  switch (condition) {
    case 'unsealed':
      return facts !== undefined && !facts.sealed;
    case 'sharing_basis':
      return facts !== undefined && facts.sharingBasis;
  }
}

/**
 * Applies FIELD_POLICY. Services build every person-level output object through `build`, so a
 * resolver cannot return a field the policy does not grant: ungranted fields are never even
 * computed.
 */
@Injectable()
export class PolicyService {
  /** Whether the caller may see this field of this type for this child. */
  granted(type: string, field: string, auth: AuthContext, facts: ChildFacts | undefined): boolean {
    const rule: FieldRule | undefined = FIELD_POLICY[type]?.[field];
    if (!rule) return false;
    return this.allows(rule, auth, facts);
  }

  /** Whether a rule (a FIELD_POLICY entry or another rule of field-policy.ts) admits the caller. */
  allows(rule: FieldRule, auth: AuthContext, facts: ChildFacts | undefined): boolean {
    return rule.some(
      (grant) =>
        grant.role === auth.role &&
        (!grant.purposes || grant.purposes.includes(auth.purpose)) &&
        (grant.when ?? []).every((condition) => conditionHolds(condition, facts)),
    );
  }

  /** Builds an output object: granted fields from their sources, the rest null; logs what was read. */
  build<T extends object>(
    type: string,
    auth: AuthContext,
    facts: ChildFacts | undefined,
    sources: FieldSources<T>,
    log: ReadLog,
  ): Granted<T> {
    if (!FIELD_POLICY[type]) throw new Error(`no access policy for output type ${type}`);
    const out: Partial<Record<keyof T, unknown>> = {};
    for (const field of Object.keys(sources) as Array<keyof T & string>) {
      if (this.granted(type, field, auth, facts)) {
        out[field] = sources[field]();
        log.fields.add(`${type}.${field}`);
      } else {
        out[field] = null;
      }
    }
    if (facts?.personId) log.child(facts.personId);
    return out as Granted<T>;
  }
}
