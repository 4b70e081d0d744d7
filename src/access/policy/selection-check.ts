import {
  type FieldNode,
  getNamedType,
  isObjectType,
  Kind,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { AuthContext } from '../auth-context';
import { FIELD_POLICY, POLICY_BUILT_TYPES } from './field-policy';

/**
 * Types served by other modules' resolvers are not built through PolicyService, so their
 * FIELD_POLICY entries are enforced here, on the query as written: selecting a field of such a
 * type that no grant gives the caller's role and purpose is refused before the resolver runs.
 * Returns the first such field ("Type.field"), or null. (Types built through PolicyService null
 * an ungranted field instead, per child, because their grants depend on the child.)
 */
export function ungrantedSelection(info: GraphQLResolveInfo, auth: AuthContext): string | null {
  // The answer depends only on the query document, the schema and the role and purpose. Apollo
  // keeps a parsed (and validated) document per query text, so a query sent again arrives as the
  // same field node objects: its answer is remembered on them and forgotten with the document.
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0] : undefined;
  if (!node) return walkSelection(info, auth);
  let byCaller = ANSWERS.get(node);
  if (!byCaller || byCaller.schema !== info.schema) {
    byCaller = { schema: info.schema, answers: new Map() };
    ANSWERS.set(node, byCaller);
  }
  // The parent type too: a field node inside a fragment can be reached under more than one type.
  const key = `${auth.role}\u0000${auth.purpose}\u0000${info.parentType.name}`;
  const known = byCaller.answers.get(key);
  if (known !== undefined) return known;
  const answer = walkSelection(info, auth);
  byCaller.answers.set(key, answer);
  return answer;
}

const ANSWERS = new WeakMap<
  FieldNode,
  { schema: GraphQLResolveInfo['schema']; answers: Map<string, string | null> }
>();

/**
 * Levels of nesting (fields, inline fragments and fragment spreads alike) a selection may have.
 * Deeper is refused, never let through unchecked: the query depth limit counts fields only, so
 * fragments wrapped around a field could otherwise carry it past the walk.
 */
export const MAX_SELECTION_NESTING = 32;
const TOO_DEEP = 'selection nested too deeply';

function walkSelection(info: GraphQLResolveInfo, auth: AuthContext): string | null {
  // Selections already walked, per type: a fragment spread twice is checked once.
  const seen = new Map<SelectionSetNode, Set<string>>();
  const walk = (type: GraphQLObjectType, set: SelectionSetNode | undefined, depth: number): string | null => {
    if (!set) return null;
    if (depth > MAX_SELECTION_NESTING) return TOO_DEEP;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const rule = FIELD_POLICY[type.name];
        if (rule && !POLICY_BUILT_TYPES.has(type.name)) {
          const granted = (rule[name] ?? []).some(
            (grant) => grant.role === auth.role && (!grant.purposes || grant.purposes.includes(auth.purpose)),
          );
          if (!granted) return `${type.name}.${name}`;
        }
        const fieldType = type.getFields()[name]?.type;
        const named = fieldType ? getNamedType(fieldType) : undefined;
        if (named && isObjectType(named) && selection.selectionSet) {
          const types = seen.get(selection.selectionSet) ?? new Set<string>();
          if (types.has(named.name)) continue;
          types.add(named.name);
          seen.set(selection.selectionSet, types);
          const found = walk(named, selection.selectionSet, depth + 1);
          if (found) return found;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? info.schema.getType(selection.typeCondition.name.value) : type;
        const found = walk(on && isObjectType(on) ? on : type, selection.selectionSet, depth + 1);
        if (found) return found;
      } else {
        const fragment = info.fragments[selection.name.value];
        const on = fragment ? info.schema.getType(fragment.typeCondition.name.value) : undefined;
        const found = walk(on && isObjectType(on) ? on : type, fragment?.selectionSet, depth + 1);
        if (found) return found;
      }
    }
    return null;
  };
  const named = getNamedType(info.returnType);
  if (!isObjectType(named)) return null;
  for (const node of info.fieldNodes) {
    const found = walk(named, node.selectionSet, 0);
    if (found) return found;
  }
  return null;
}
