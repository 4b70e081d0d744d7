import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateLinkage, Linker } from '../linkage';
import { readCsvRecords } from './csv-records';
import { generateFebrlStyle } from './febrl-style-generator';
import { defaultParametersPath, evaluateRun, loadParameters, loadRuleSet, runLinkFiles, saveParameters, truthIds, writeClusters } from './link-files';

const ROOT = join(__dirname, '..', '..');
const RULES = join(ROOT, 'matching-rules', 'febrl.yaml');
const FEBRL = join(ROOT, 'test', 'fixtures', 'febrl4');

/** The first n records of a FEBRL4 file, as a new CSV (keeps the test fast). */
function head(dir: string, file: string, n: number): string {
  const lines = readFileSync(join(FEBRL, file), 'utf8').replace(/\r/g, '').split('\n');
  const out = join(dir, file);
  writeFileSync(out, lines.slice(0, n + 1).join('\n') + '\n');
  return out;
}

describe('FEBRL4 subset, unsupervised (the full run is the febrl4 benchmark)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'febrl-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('links 1,500 + 1,500 records with pairwise F1 ≥ 0.99 and writes input,record_id,cluster_id', async () => {
    const a = head(dir, 'febrl4a.csv', 1500);
    const b = head(dir, 'febrl4b.csv', 1500);
    const run = await runLinkFiles({ rulesPath: RULES, inputs: [a, b] });
    const truth = truthIds(run, [a, b], { column: 'rec_id', pattern: 'rec-(\\d+)-' });
    const evaluation = evaluateRun(run, truth);
    // Only originals whose duplicate is also in the first 1,500 rows form true pairs.
    expect(evaluation.clusters.truePairs).toBeGreaterThan(300);
    expect(evaluation.clusters.f1).toBeGreaterThanOrEqual(0.99);
    expect(evaluation.clusters.precision).toBeGreaterThanOrEqual(0.99);
    const out = join(dir, 'clusters.csv');
    expect(writeClusters(out, run)).toBe(3000);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('input,record_id,cluster_id');
    expect(lines[1]).toMatch(/^febrl4a\.csv,rec-\d+-org,\d+$/);
  });

  it('reads truth from a record_id,truth_id file as well as from a column', async () => {
    const a = head(dir, 'febrl4a.csv', 300);
    const b = head(dir, 'febrl4b.csv', 300);
    const run = await runLinkFiles({ rulesPath: RULES, inputs: [a, b] });
    const fromColumn = truthIds(run, [a, b], { column: 'rec_id', pattern: 'rec-(\\d+)-' });
    const file = join(dir, 'truth.csv');
    writeFileSync(file, ['record_id,truth_id', ...run.linker.records.recordIds.map((id) => `${id},${/rec-(\d+)-/.exec(id)?.[1] ?? ''}`)].join('\n') + '\n');
    expect(truthIds(run, [a, b], { file })).toEqual(fromColumn);
    expect(fromColumn.filter((t) => t !== null)).toHaveLength(600);
  });

  it('saves parameters beside the rule set and links with them unchanged', async () => {
    const a = head(dir, 'febrl4a.csv', 400);
    const b = head(dir, 'febrl4b.csv', 400);
    const trained = await runLinkFiles({ rulesPath: RULES, inputs: [a, b] });
    const path = join(dir, 'febrl.params.json');
    saveParameters(path, trained.params);
    expect(defaultParametersPath('/x/febrl.yaml')).toBe('/x/febrl.params.json');
    const reused = await runLinkFiles({ rulesPath: RULES, inputs: [a, b], parametersPath: path });
    expect(reused.trained).toBe(false);
    expect(loadParameters(path, loadRuleSet(RULES))).toEqual(trained.params);
    expect(Array.from(reused.clustering.clusterOf)).toEqual(Array.from(trained.clustering.clusterOf));
  });
});

describe('dedupe with several duplicates per person, same rule set', () => {
  it('keeps F1 ≥ 0.98 on 3,000 generated records with clusters of up to 5', () => {
    const data = generateFebrlStyle({ records: 3000, seed: 11 });
    const linker = new Linker(loadRuleSet(RULES), [data]);
    linker.useParameters(linker.train());
    const scored = linker.score(linker.pairs());
    const { clusterOf } = linker.cluster(scored, { threshold: 0.5 });
    const evaluation = evaluateLinkage(linker.records, data.truth, clusterOf, scored);
    const sizes = new Map<string, number>();
    for (const t of data.truth) sizes.set(t, (sizes.get(t) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBe(5);
    expect(evaluation.clusters.f1).toBeGreaterThanOrEqual(0.98);
  });
});

describe('any CSV with a rule set: Splink fake_1000 dedupe (labelled, 251 people)', () => {
  it('deduplicates with precision ≥ 0.99 and F1 ≥ 0.9 without labels', async () => {
    const dir = join(ROOT, 'test', 'fixtures', 'splink-fake1000');
    const input = join(dir, 'fake_1000.csv');
    const run = await runLinkFiles({ rulesPath: join(dir, 'fake1000.yaml'), inputs: [input] });
    const evaluation = evaluateRun(run, truthIds(run, [input], { column: 'cluster' }));
    expect(run.linker.records.mode).toBe('dedupe');
    expect(evaluation.clusters.truePairs).toBe(2031);
    expect(evaluation.clusters.precision).toBeGreaterThanOrEqual(0.99);
    expect(evaluation.clusters.f1).toBeGreaterThanOrEqual(0.9);
  });
});

describe('readCsvRecords', () => {
  it('trims FEBRL-style padded headers and values and tolerates a BOM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-'));
    try {
      const path = join(dir, 'x.csv');
      writeFileSync(path, '\uFEFFrec_id, given_name\r\nr1, amy\r\nr2, "o, brien"\r\n');
      const source = readCsvRecords(path);
      expect(source).toEqual({ name: 'x.csv', columns: { rec_id: ['r1', 'r2'], given_name: ['amy', 'o, brien'] }, length: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
