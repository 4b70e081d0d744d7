import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fork } from 'node:child_process';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { createHttpApplication } from '../src/http/http-application';
import { loadConfig } from '../src/config/app-config';
import { removeCluster, startEmbeddedPostgres, type RunningPostgres } from '../src/database/embedded-postgres';
import { DEMO_DATA_LOADER, type DemoDataLoader } from '../src/health/demo-data-loader';
import { DemoDataStatus } from '../src/health/demo-data-status';
import { TokenService } from '../src/access/token.service';
import { ConsentService } from '../src/access/consent/consent.service';
import { AuditService } from '../src/access/audit/audit.service';
import type { Benchmark } from './bench';
import type { LoadJob, LoadResult } from './graphql-load.client';
import { peakRssMiB, seconds } from './bench';

// Bounded: a 2,000-child demo council, 50 connections, 3 runs of 10 s after a 3 s warm-up.
const CHILDREN = Number(process.env.BENCH_GRAPHQL_CHILDREN ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_GRAPHQL_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_GRAPHQL_SECONDS ?? 10);
const RUNS = Number(process.env.BENCH_GRAPHQL_RUNS ?? 3);
const WARM_UP_S = 3;
/** Children on the worker's team caseload whose records the load reads, round robin. */
const CASELOAD = Number(process.env.BENCH_GRAPHQL_CASELOAD ?? 40);
const CORES = cpus().length;

/** Milliseconds for a fixed CPU task in this process: how fast the machine is right now. */
function speedCheckMs(): number {
  const started = performance.now();
  const buffer = Buffer.alloc(1 << 20, 7);
  for (let i = 0; i < 50; i++) createHash('sha256').update(buffer).digest();
  let x = 0;
  for (let i = 0; i < 10_000_000; i++) x = (x * 31 + i) | 0;
  const objects = Array.from({ length: 100_000 }, (_, i) => ({ a: i, b: String(i), c: x }));
  JSON.parse(JSON.stringify(objects));
  return performance.now() - started;
}

const COMBINED_RECORD = `query ($id: ID!) { childRecord(personId: $id) {
  personId healthSharingBasis
  identity { laChildId forename middleNames surname dob sex nhsNumber upn postcode address }
  socialCare { allocatedTeam allocatedWorker legalStatus cpPlan lookedAfter }
  sourceRecords { feed sourceId version loadedAt }
  placements { placementId startDate endDate placementType providerName reasonForChange }
  education { schoolUrn schoolName senProvision fsmEligible attendancePct exclusions censusDate }
  health { gpPracticeCode registeredFrom lastHealthAssessment immunisationsUpToDate } } }`;

/** Clock ticks a second in /proc/<pid>/stat (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, …]; undefined if gone. */
function procStat(pid: string): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU milliseconds used so far by the embedded PostgreSQL: the postmaster, its live children
 * (backends, WAL writer, checkpointer) and its children that have exited. Linux only (NaN elsewhere).
 */
function postgresCpuMs(dataDir: string): number {
  try {
    const postmaster = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '';
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = procStat(pid);
      if (!stat) continue;
      // utime, stime are fields 14 and 15 of stat (11 and 12 here); cutime, cstime 13 and 14.
      if (pid === postmaster)
        ticks += Number(stat[11]) + Number(stat[12]) + Number(stat[13]) + Number(stat[14]);
      else if (stat[1] === postmaster) ticks += Number(stat[11]) + Number(stat[12]);
    }
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Runs the load in a child process (graphql-load.client.ts) and collects every response time. */
function load(
  url: string,
  bodies: readonly string[],
  headers: Record<string, string>,
  connections: number,
  durationS: number,
): Promise<LoadResult> {
  const typescript = __filename.endsWith('.ts');
  const child = fork(join(__dirname, `graphql-load.client.${typescript ? 'ts' : 'js'}`), [], {
    execArgv: typescript ? ['-r', '@swc-node/register'] : [],
    serialization: 'advanced',
  });
  return new Promise((resolve, reject) => {
    let answered = false;
    child.once('message', (message: LoadResult | { error: string }) => {
      answered = true;
      if ('error' in message) reject(new Error(message.error));
      else resolve(message);
    });
    child.once('error', reject);
    // Never wait forever: a generator gone without an answer fails the benchmark ('close' comes
    // after its exit and after every message it wrote has been read).
    child.once('close', (code) => {
      if (!answered) reject(new Error(`load generator exited with ${code} and no result`));
    });
    const job: LoadJob = { url, bodies: [...bodies], headers, connections, durationS };
    child.send(job);
  });
}

async function pickChild(
  dataSource: DataSource,
): Promise<{ personId: string; team: string; records: number }> {
  // A child on a team's caseload, preferring records from all three person feeds and a
  // placement: the heaviest ordinary combined record.
  const rows = await dataSource.query<Array<{ person_id: string; team: string; records: number }>>(
    `select pl.person_id, max(s.payload->>'allocated_team') team, count(*)::int records
     from person_link pl join source_record s on s.id = pl.source_record_id
     group by pl.person_id
     having max(s.payload->>'allocated_team') is not null
        and bool_and(coalesce(upper(s.payload->>'legal_status'), '') <> 'ADOPTED')
     order by count(distinct pl.feed) desc,
              exists (select 1 from person_link c join placement p on p.la_child_id = c.source_id
                      where c.feed = 'csc-children' and c.person_id = pl.person_id) desc,
              count(*) desc, pl.person_id
     limit 1`,
  );
  const row = rows[0];
  if (!row) throw new Error('no child allocated to a team in the demo data');
  return { personId: row.person_id, team: row.team, records: row.records };
}

export const graphqlLoadBenchmark: Benchmark = {
  name: 'graphql-load',
  title: "GraphQL under load: a social worker's combined record",
  // As deployed: graphql-js chooses its production path by this at load.
  env: { NODE_ENV: 'production' },
  async run(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'childlink-bench-gql-'));
    let pg: RunningPostgres | undefined;
    let app: NestFastifyApplication | undefined;
    try {
      // Durable, as the service runs it: every request's audit row is committed with fsync.
      pg = await startEmbeddedPostgres({ dataDir: dir, durable: true });
      await pg.createDatabase('childlink_bench_gql');
      // One subject sends every request here; the per-subject bucket is not what is measured.
      process.env.ACCESS_RATE_LIMIT_PER_SECOND = '1000000';
      process.env.ACCESS_RATE_LIMIT_BURST = '1000000';
      const config = loadConfig({
        DATABASE_URL: pg.urlFor('childlink_bench_gql'),
        JWT_SECRET: 'bench-secret',
        PSEUDONYM_KEY: 'bench-pseudonym-key',
        AUDIT_KEY: 'bench-audit-key',
        DEMO_CHILDREN: '0',
        NODE_ENV: 'production',
        DATA_DIR: dir,
      });
      app = await createHttpApplication(AppModule.register(config), { logger: ['error', 'warn'] });
      await app.listen(0, '127.0.0.1');
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;

      const loadStarted = performance.now();
      await app
        .get<DemoDataLoader>(DEMO_DATA_LOADER, { strict: false })
        .loadIfEmpty(CHILDREN, new DemoDataStatus());
      const loadSeconds = seconds(loadStarted);
      const dataSource = app.get(DataSource);
      const child = await pickChild(dataSource);
      // Every child on the same team's caseload (up to CASELOAD), the heaviest first: requests
      // cycle through them, so reads are of different children, as a team's would be.
      const caseload = await dataSource.query<Array<{ person_id: string; csc: string }>>(
        `select pl.person_id, min(pl.source_id) filter (where pl.feed = 'csc-children') csc
         from person_link pl join source_record s on s.id = pl.source_record_id
         group by pl.person_id
         having bool_or(pl.feed = 'csc-children' and s.payload->>'allocated_team' = $1)
            and bool_and(coalesce(upper(s.payload->>'legal_status'), '') <> 'ADOPTED')
         order by pl.person_id = $2 desc, pl.person_id limit $3`,
        [child.team, child.personId, CASELOAD],
      );
      const ids = caseload.map((c) => c.person_id);
      if (ids[0] !== child.personId) throw new Error('the heaviest child is not on its own team caseload');
      // A sharing basis for each, so the health branch (consent evaluation + health fields) runs.
      for (const other of caseload) {
        await app.get(ConsentService).record({
          subjectFeed: 'csc-children',
          subjectId: other.csc,
          purpose: 'direct_care',
          recipient: 'social_care',
          basis: 'consent',
          status: 'granted',
          validFrom: null,
          validTo: null,
          recordedBy: 'bench',
        });
      }
      const token = app
        .get(TokenService)
        .mint({ role: 'social_worker', team: child.team, subject: 'bench-social-worker' });
      const bodies = ids.map((id) => JSON.stringify({ query: COMBINED_RECORD, variables: { id } }));
      const headers = { authorization: `Bearer ${token}` };

      // Every child of the load opens, with health data (a request answered with an error would
      // still be HTTP 200, and measure nothing).
      for (const [i, requestBody] of bodies.entries()) {
        const check = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: requestBody,
        });
        const checked = (await check.json()) as {
          data?: { childRecord?: { personId: string; health: unknown } };
          errors?: unknown[];
        };
        if (
          checked.errors ||
          checked.data?.childRecord?.personId !== ids[i] ||
          !checked.data?.childRecord?.health
        ) {
          throw new Error(
            `combined record query did not return child ${ids[i]} with health data: ${JSON.stringify(checked.errors ?? null)}`,
          );
        }
      }

      const [{ n: auditBefore } = { n: 0 }] = await dataSource.query<Array<{ n: number }>>(
        `select count(*)::int n from access_audit`,
      );
      // Warm-up at the measured concurrency (JIT, pools, plans, the heap grown to its working size):
      // the bar is about a service under load, not one starting up. With 2 s at 10 connections, the
      // first measured run usually had the worst tail of the three.
      await load(url, bodies, headers, CONNECTIONS, WARM_UP_S);
      // The machine may be shared and its speed drifts (the same code has measured 1.5x apart an
      // hour apart here): several runs, each beside a fixed CPU task timed just before it.
      const runs: Array<{
        run: LoadResult;
        cpuMs: number;
        pgCpuMs: number;
        speedMs: number;
        loadBefore: number;
      }> = [];
      for (let i = 0; i < RUNS; i++) {
        const speedMs = speedCheckMs();
        const loadBefore = loadavg()[0] ?? NaN;
        const cpuBefore = process.cpuUsage();
        const pgBefore = postgresCpuMs(dir);
        const run = await load(url, bodies, headers, CONNECTIONS, DURATION_S);
        const cpu = process.cpuUsage(cpuBefore);
        const pgCpuMs = postgresCpuMs(dir) - pgBefore;
        runs.push({ run, cpuMs: (cpu.user + cpu.system) / 1000, pgCpuMs, speedMs, loadBefore });
      }
      const [{ n: auditAfter } = { n: 0 }] = await dataSource.query<Array<{ n: number }>>(
        `select count(*)::int n from access_audit`,
      );
      const verifyStarted = performance.now();
      const verified = await app.get(AuditService).verify();
      const verifySeconds = seconds(verifyStarted);

      const ms = (value: number): string => value.toFixed(1);
      const rows = runs.map(({ run, cpuMs, pgCpuMs, speedMs, loadBefore }, i) => {
        const sorted = [...run.latencies].sort((a, b) => a - b);
        const rps = run.latencies.length / run.durationS;
        const p95 = percentile(sorted, 95);
        // Service CPU (this process: Nest, Apollo, policy, audit hashing, pg client) per request.
        const cpuPerRequest = cpuMs / Math.max(1, run.latencies.length);
        const pgPerRequest = pgCpuMs / Math.max(1, run.latencies.length);
        return {
          p95,
          line: `| ${i + 1} | ${run.latencies.length.toLocaleString('en-GB')} | ${Math.round(rps).toLocaleString('en-GB')} | ${ms(percentile(sorted, 50))} | **${ms(p95)}** | ${ms(percentile(sorted, 99))} | ${ms(sorted.at(-1) ?? NaN)} | ${run.non2xx} | ${run.errors} | ${cpuPerRequest.toFixed(2)} | ${pgPerRequest.toFixed(2)} | ${speedMs.toFixed(0)} | ${loadBefore.toFixed(2)} |`,
        };
      });
      const met = rows.filter((r) => r.p95 < 50).length;
      return [
        `The social worker's combined-record query (identity, social care, every source record, placements, school, SEN,`,
        `attendance, exclusions, GP and health checks — consent evaluated and an audit row hash-chained and committed on`,
        `every request) for the ${ids.length} children of one social worker's team caseload, each connection cycling through them`,
        `(the heaviest, first, has ${child.records} source records), over HTTP on loopback with`,
        `autocannon (in its own process): ${CONNECTIONS} concurrent connections, ${RUNS} runs of ${DURATION_S} s after a ${WARM_UP_S} s warm-up at the same concurrency. Service in production mode`,
        `(introspection off, depth/complexity limits on), durable embedded PostgreSQL 18 (fsync on) in the same process`,
        `tree; demo council of ${CHILDREN.toLocaleString('en-GB')} children loaded through the real feeds → link → payments pipeline in ${loadSeconds} s.`,
        '',
        '| run | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | errors | service CPU ms/request | PostgreSQL CPU ms/request | speed check ms | load avg before |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...rows.map((r) => r.line),
        '',
        `Bar (DESIGN.md): p95 under 50 ms at 50 concurrent requests — met in ${met} of ${RUNS} runs.`,
        `Speed check: a fixed CPU task (hashing, arithmetic, JSON) timed in the bench process just before each run; a higher`,
        `figure is a slower machine at that moment. Load average is over 1 minute, on ${CORES} cores.`,
        `Audit: ${(auditAfter - auditBefore).toLocaleString('en-GB')} rows written, chain verify ${verified.ok ? 'ok' : 'FAILED'} (${verified.rows.toLocaleString('en-GB')} rows, ${verifySeconds} s); peak RSS ${peakRssMiB()} MiB.`,
        `Per request: a share of one read statement (records, placements and consent together, for every request waiting while`,
        `the previous statement ran) and a share of one group-committed audit append.`,
        `Audit rows ≥ requests because the warm-up requests are audited too; every one is in the verified chain.`,
      ].join('\n');
    } finally {
      await app?.close();
      await pg?.stop();
      removeCluster(dir);
      delete process.env.ACCESS_RATE_LIMIT_PER_SECOND;
      delete process.env.ACCESS_RATE_LIMIT_BURST;
    }
  },
};
