import type { Command } from 'commander';
import { loadConfig } from '../../config/app-config';
import { ROLES, ROLE_PURPOSES, isPurpose, isRole } from '../../access/auth-context';
import { TokenService } from '../../access/token.service';
import { note, printResult } from '../output';

interface TokenOptions {
  role: string;
  team?: string;
  purpose?: string;
  org?: string;
  subject?: string;
  hours: string;
  json?: boolean;
}

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('a signed bearer token for local use (JWT_SECRET, or the dev key under DATA_DIR)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--team <team>', "social worker's team (caseload = children whose allocated_team is this)")
    .option('--purpose <purpose>', "default purpose claim (else the role's first)")
    .option('--org <org>', 'organisation (ICB partner: names the sharing agreement and pseudonym key)')
    .option('--subject <id>', 'user id (token subject)')
    .option('--hours <n>', 'lifetime in hours', '8')
    .option('--json', 'print {"token": …} as JSON')
    .action((options: TokenOptions) => {
      if (!isRole(options.role))
        throw new Error(`unknown role "${options.role}"; choose from ${ROLES.join(', ')}`);
      const role = options.role;
      if (
        options.purpose !== undefined &&
        (!isPurpose(options.purpose) || !ROLE_PURPOSES[role].includes(options.purpose))
      ) {
        throw new Error(`purpose must be one of ${ROLE_PURPOSES[role].join(', ')} for ${role}`);
      }
      const hours = Number(options.hours);
      if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30)
        throw new Error('--hours must be between 0 and 720');
      if (role === 'social_worker' && !options.team)
        note('note: a social worker without --team has no caseload');
      const token = new TokenService(loadConfig()).mint({
        role,
        ...(options.team ? { team: options.team } : {}),
        ...(options.purpose && isPurpose(options.purpose) ? { purpose: options.purpose } : {}),
        ...(options.org ? { organisation: options.org } : {}),
        ...(options.subject ? { subject: options.subject } : {}),
        expiresInSeconds: Math.round(hours * 3600),
      });
      printResult(options.json === true, { token, role, expiresInHours: hours }, token);
    });
}
