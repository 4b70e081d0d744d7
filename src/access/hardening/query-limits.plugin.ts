import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { AccessOptions } from '../access-options';

function reject(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

/** Deepest field nesting of the operation, fragments expanded (a fragment cycle is invalid GraphQL anyway). */
export function queryDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const depthOf = (set: SelectionSetNode | undefined, seen: ReadonlySet<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name))
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, name])));
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
}

/**
 * Refuses, before anything executes, operations that are too long, too deep or too expensive.
 * Complexity: 1 per field, times `first` on paginated lists (fields declare it in `complexity`).
 */
export function queryLimitsPlugin(
  options: Pick<AccessOptions, 'maxQueryDepth' | 'maxQueryComplexity' | 'maxQueryLength'>,
): ApolloServerPlugin {
  // Clients send the same few documents over and over: remember each one's measure (keyed by
  // operation, variables and document — all that depth and complexity depend on).
  const measured = new Map<string, { depth: number; complexity: number }>();
  const listener: GraphQLRequestListener<object> = {
    didResolveOperation({ request, document, operation, schema }) {
      if ((request.query?.length ?? 0) > options.maxQueryLength)
        return Promise.reject(reject('query too long'));
      if (!operation) return Promise.resolve();
      const key = `${request.operationName ?? ''}\u0000${JSON.stringify(request.variables ?? {})}\u0000${request.query ?? ''}`;
      let measure = measured.get(key);
      if (!measure) {
        measure = {
          depth: queryDepth(document, operation),
          complexity: getComplexity({
            schema,
            query: document,
            variables: request.variables ?? {},
            ...(request.operationName ? { operationName: request.operationName } : {}),
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          }),
        };
        if (measured.size >= 1000) measured.clear();
        measured.set(key, measure);
      }
      if (measure.depth > options.maxQueryDepth) {
        return Promise.reject(reject(`query depth ${measure.depth} exceeds ${options.maxQueryDepth}`));
      }
      if (measure.complexity > options.maxQueryComplexity) {
        return Promise.reject(
          reject(`query complexity ${measure.complexity} exceeds ${options.maxQueryComplexity}`),
        );
      }
      return Promise.resolve();
    },
  };
  return { requestDidStart: () => Promise.resolve(listener) };
}
