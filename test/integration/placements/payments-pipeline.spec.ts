import { mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../support/test-app';
import { generateCouncil } from '../../../src/generator/council-generator';
import { DirectorySink } from '../../../src/generator/council-sink';
import { IngestService } from '../../../src/feeds/ingest.service';
import { LinkService } from '../../../src/person-index/link.service';
import { PaymentLinkingService } from '../../../src/placements/payment-linking.service';
import { PaymentExportService } from '../../../src/placements/payment-export.service';

function csvRows(path: string): string[][] {
  // generated ids and the export hold no commas or quotes, so a plain split is exact here
  return readFileSync(path, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
}

// The path a council takes: generated feed files → the feed loader (validation, std values) →
// the person index → payment linking → `export payments`, scored against truth/payments.csv.
describe('payments end to end: generate, ingest, link persons, link payments, export (real PostgreSQL)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'childlink-payments-e2e-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports the right placement for ≥ 99.5% of payments that have one, ≤ 0.1% wrong', async () => {
    await generateCouncil({ children: 1500, seed: 'payments-e2e' }, new DirectorySink(dir));
    const ingest = t.app.get(IngestService);
    for (const feed of ['csc-children', 'csc-placements', 'finance-payments']) {
      const summary = await ingest.ingestFile(feed, join(dir, `${feed}.csv`));
      expect(summary.status).toBe('completed');
    }
    await t.app.get(LinkService).link();
    const { run } = await t.app.get(PaymentLinkingService).refreshAndLink();
    const out = join(dir, 'payments-export.csv');
    const counts = await t.app.get(PaymentExportService).exportPayments(createWriteStream(out));

    const truth = new Map(csvRows(join(dir, 'truth', 'payments.csv')).map(([payment, placement]) => [payment ?? '', placement ?? '']));
    const exported = csvRows(out);
    expect(exported.length).toBe(counts.rows);
    expect(counts.rows).toBe(run.payments);
    let withPlacement = 0;
    let right = 0;
    let wrong = 0;
    for (const [paymentId = '', placementId = '', method = '', confidence = ''] of exported) {
      const expected = truth.get(paymentId) ?? '';
      if (expected) withPlacement++;
      if (placementId === '') {
        expect(method).toBe('');
        continue;
      }
      expect(['placement_ref', 'client_ref', 'probabilistic', 'manual']).toContain(method);
      expect(Number(confidence)).toBeGreaterThan(0);
      if (placementId === expected) right++;
      else wrong++;
    }
    process.stderr.write(`payments e2e: ${JSON.stringify({ payments: counts.rows, withPlacement, right, wrong, run })}\n`);
    expect(withPlacement).toBeGreaterThan(200);
    expect(right / withPlacement).toBeGreaterThanOrEqual(0.995);
    expect(wrong / counts.rows).toBeLessThanOrEqual(0.001);
    expect(Number(run.amountLinked) + Number(run.amountUnmatched)).toBeCloseTo(Number(run.amountLoaded), 2);
  });
});
