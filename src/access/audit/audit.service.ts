import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { AuthContext } from '../auth-context';
import { GENESIS_HASH, chainHash, type AuditContent } from './audit-chain';

/** The audit chain's HMAC key (see auditKey in audit-chain.ts). */
export const AUDIT_KEY = Symbol('AUDIT_KEY');

export interface AuditRead {
  auth: AuthContext;
  operation: string;
  personIds: readonly string[];
  fields: readonly string[];
  /** The caller opened a child outside their caseload by break-glass: flagged for review. */
  breakGlass?: boolean;
  /** Access to a real child was refused: flagged for review (nothing was returned). */
  refused?: boolean;
}

export interface AuditRow extends AuditContent {
  id: string;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  /** First row whose hash or link does not verify. */
  firstBadId: string | null;
  reason: string | null;
}

interface Pending {
  read: AuditRead;
  occurredAt: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface RawAuditRow {
  id: string;
  occurred_at: Date;
  subject: string;
  role: string;
  purpose: string;
  operation: string;
  person_ids: string[];
  fields: string[];
  break_glass_reason: string | null;
  flagged_for_review: boolean;
  prev_hash: string;
  hash: string;
}

const MAX_BATCH = 500;
/** Appends that found the head moved by another writer before one is given up as failed. */
const MAX_APPEND_ATTEMPTS = 5;

function fromRaw(row: RawAuditRow): AuditRow {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    subject: row.subject,
    role: row.role,
    purpose: row.purpose,
    operation: row.operation,
    personIds: row.person_ids,
    fields: row.fields,
    breakGlassReason: row.break_glass_reason,
    flaggedForReview: row.flagged_for_review,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * The access audit: append-only (a trigger refuses UPDATE/DELETE/TRUNCATE) and hash-chained. A
 * read is recorded before its data is returned (the caller awaits `record`). Concurrent requests
 * are group-committed: whatever queued while one batch was writing goes in the next, appended in
 * one transaction that takes the chain lock, reads the head, and inserts the batch with one
 * multi-row insert — so the chain is serial without each request paying for its own lock. The
 * HMAC is computed here, not in the database, so the key never reaches it (nor its logs).
 */
@Injectable()
export class AuditService {
  private queue: Pending[] = [];
  private writing = false;
  private draining: Promise<void> = Promise.resolve();
  private readonly logger = new Logger(AuditService.name);
  private failedBackground = 0;
  /** The head this process last appended (undefined: not known, read it first; null: empty chain). */
  private head: string | null | undefined;
  /** Appends go straight to the pg pool under TypeORM: one statement, no query runner. */
  private readonly pool: Pool;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_KEY) private readonly key: string,
  ) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
  }

  record(read: AuditRead): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ read, occurredAt: new Date().toISOString(), resolve, reject });
      if (!this.writing) this.draining = this.drain();
    });
  }

  /**
   * Records without holding up the caller — for refusals, whose answer must take no longer than
   * for a child that does not exist (awaiting the write would let response time tell the two
   * apart). A failed write is never silent: it is logged (operation and error class only, no
   * personal data) and counted in `backgroundFailures`.
   */
  recordInBackground(read: AuditRead): void {
    this.record(read).catch((error: unknown) => {
      this.failedBackground += 1;
      const errorClass = error instanceof Error ? error.constructor.name : typeof error;
      this.logger.error(`access audit write failed (operation ${read.operation}): ${errorClass}`);
    });
  }

  /** Background audit writes that failed since this process started (see recordInBackground). */
  get backgroundFailures(): number {
    return this.failedBackground;
  }

  /**
   * Resolves once every row queued so far is written (or failed): for rows recorded without
   * being awaited, such as refusals, and for an orderly shutdown.
   */
  async flush(): Promise<void> {
    while (this.writing || this.queue.length > 0) await this.draining;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.append(batch);
          for (const pending of batch) pending.resolve();
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * Chains the batch with the HMAC onto the head this process last wrote and appends it in one
   * statement (access_audit_append_after: under the chain's lock, only if that is still the head).
   * If another writer (another process, a CLI export) appended meanwhile, the function returns
   * the new head and the batch is chained onto it again.
   */
  private async append(batch: Pending[]): Promise<void> {
    const contents = batch.map((pending): AuditContent => {
      const { auth } = pending.read;
      return {
        occurredAt: pending.occurredAt,
        subject: auth.subject,
        role: auth.role,
        purpose: auth.purpose,
        operation: pending.read.operation,
        personIds: [...pending.read.personIds].sort(),
        fields: [...pending.read.fields].sort(),
        breakGlassReason: pending.read.breakGlass ? (auth.breakGlassReason ?? null) : null,
        flaggedForReview: pending.read.breakGlass === true || pending.read.refused === true,
      };
    });
    let head = this.head ?? (await this.readHead());
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      let prev = head ?? GENESIS_HASH;
      const rows = contents.map((content) => {
        const hash = chainHash(this.key, prev, content);
        const row = { ...content, prevHash: prev, hash };
        prev = hash;
        return row;
      });
      const result = await this.pool.query<{ head: string | null }>({
        name: 'childlink_audit_append',
        text: 'select access_audit_append_after($1, $2::jsonb) as head',
        values: [head, JSON.stringify(rows)],
      });
      const current = result.rows[0]?.head;
      if (current === null) {
        this.head = prev;
        return;
      }
      // Another writer moved the head ('' = the chain is empty): chain onto what is there now.
      head = current === undefined || current === '' ? null : current;
      this.head = undefined;
    }
    throw new Error(`access audit: the chain head kept moving (${MAX_APPEND_ATTEMPTS} attempts)`);
  }

  /** The chain's newest hash, or null when it is empty. */
  private async readHead(): Promise<string | null> {
    const rows = await this.pool.query<{ hash: string }>(
      `select hash from access_audit order by id desc limit 1`,
    );
    return rows.rows[0]?.hash ?? null;
  }

  /** Newest first; `after` is the id cursor of the last row of the previous page. */
  async list(options: {
    first: number;
    after?: string;
    personId?: string;
    flaggedOnly?: boolean;
  }): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
    const limit = Math.min(Math.max(options.first, 1), 200);
    const raw = await this.dataSource.query<RawAuditRow[]>(
      `select * from access_audit
       where ($1::bigint is null or id < $1::bigint)
         and ($2::text is null or person_ids @> array[$2::text])
         and (not $3::boolean or flagged_for_review)
       order by id desc limit $4`,
      [options.after ?? null, options.personId ?? null, options.flaggedOnly ?? false, limit + 1],
    );
    return { rows: raw.slice(0, limit).map(fromRaw), hasMore: raw.length > limit };
  }

  /** Walks the whole chain in id order, recomputing every HMAC with this service's key. */
  async verify(): Promise<AuditVerification> {
    let prevHash = GENESIS_HASH;
    let after = '0';
    let rows = 0;
    for (;;) {
      const page = await this.dataSource.query<RawAuditRow[]>(
        `select * from access_audit where id > $1::bigint order by id limit 5000`,
        [after],
      );
      if (page.length === 0) return { ok: true, rows, firstBadId: null, reason: null };
      for (const raw of page) {
        const row = fromRaw(raw);
        rows += 1;
        if (row.prevHash !== prevHash)
          return {
            ok: false,
            rows,
            firstBadId: row.id,
            reason: 'chain broken (previous hash does not match)',
          };
        if (chainHash(this.key, prevHash, row) !== row.hash)
          return { ok: false, rows, firstBadId: row.id, reason: 'row content does not match its hash' };
        prevHash = row.hash;
        after = row.id;
      }
    }
  }
}
