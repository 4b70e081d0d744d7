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
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<object>> {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          if ((request.query?.length ?? 0) > options.maxQueryLength) throw reject('query too long');
          if (!operation) return;
          const depth = queryDepth(document, operation);
          if (depth > options.maxQueryDepth)
            throw reject(`query depth ${depth} exceeds ${options.maxQueryDepth}`);
          const complexity = getComplexity({
            schema,
            query: document,
            variables: request.variables ?? {},
            ...(request.operationName ? { operationName: request.operationName } : {}),
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > options.maxQueryComplexity) {
            throw reject(`query complexity ${complexity} exceeds ${options.maxQueryComplexity}`);
          }
        },
      };
    },
  };
}
