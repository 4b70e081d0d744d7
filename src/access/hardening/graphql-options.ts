import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { AppConfig } from '../../config/app-config';
import { loadAccessOptions } from '../access-options';
import { formatError } from './format-error';
import { queryLimitsPlugin } from './query-limits.plugin';

/**
 * The GraphQL server's hardening, spread into AppModule's GraphQLModule options: introspection
 * only in development, depth/complexity/length limits, errors that reveal nothing, no stack traces.
 */
export function graphqlAccessOptions(config: AppConfig): Partial<ApolloDriverConfig> {
  const development = config.nodeEnv === 'development';
  return {
    introspection: development,
    includeStacktraceInErrorResponses: false,
    // Cache-control hints are never used (person data is not cacheable by anyone downstream), and
    // the plugin wraps every field resolver: off.
    plugins: [queryLimitsPlugin(loadAccessOptions()), ApolloServerPluginCacheControlDisabled()],
    formatError: formatError(development),
  };
}
