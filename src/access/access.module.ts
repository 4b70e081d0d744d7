import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AuditCoverageCheck } from './audit/audit-coverage.check';
import { AccessExceptionFilter } from './access-exception.filter';
import { TokenService } from './token.service';
import { AuthorizedGuard } from './authorized.decorator';
import { ACCESS_OPTIONS, loadAccessOptions } from './access-options';
import { PolicyService } from './policy/policy.service';
import { ConsentService } from './consent/consent.service';
import { AUDIT_KEY, AuditService } from './audit/audit.service';
import { auditKey } from './audit/audit-chain';
import { AuditResolver } from './audit/audit.resolver';
import { AuditLogService } from './audit/audit-log.service';
import { PSEUDONYM_KEY, PseudonymService } from './pseudonym/pseudonym.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { pseudonymKey } from './pseudonym/pseudonym-key';

/**
 * Authentication, the field policy, consent and legal basis, pseudonymisation and the audit.
 * The guard is global: every GraphQL root field is denied unless marked @Authorized or @Public.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: ACCESS_OPTIONS, useFactory: () => loadAccessOptions() },
    {
      provide: PSEUDONYM_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => pseudonymKey(config) ?? null,
    },
    // Resolved at boot, so production without AUDIT_KEY fails to start rather than on first read.
    { provide: AUDIT_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => auditKey(config) },
    TokenService,
    AuthorizedGuard,
    { provide: APP_GUARD, useExisting: AuthorizedGuard },
    { provide: APP_FILTER, useClass: AccessExceptionFilter },
    // AuditInterceptor is bound per resolver with @Audited() (Nest instantiates it in the resolver's
    // module); the check refuses to boot with an unaudited root resolver.
    AuditCoverageCheck,
    PolicyService,
    ConsentService,
    AuditService,
    PseudonymService,
    AuditLogService,
    AuditResolver,
  ],
  exports: [
    TokenService,
    AuthorizedGuard,
    ACCESS_OPTIONS,
    PolicyService,
    ConsentService,
    AuditService,
    PseudonymService,
  ],
})
export class AccessModule {}
