import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerLinkFiles } from './link-files.command';
import { registerTrain } from './train.command';
import { registerEvaluate } from './evaluate.command';
import { runCli } from '../../../test/support/cli';

const ROOT = join(__dirname, '..', '..', '..');
const RULES = join(ROOT, 'matching-rules', 'febrl.yaml');

/** Runs a command in-process and returns the last stdout line (the --json figures). */
async function run(args: string[]): Promise<string> {
  const out = await runCli([registerLinkFiles, registerTrain, registerEvaluate], args);
  return out.trim().split('\n').at(-1) ?? '';
}

describe('link-files, train and evaluate commands', () => {
  let dir: string;
  let a: string;
  let b: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const head = (file: string) => {
      const lines = readFileSync(join(ROOT, 'test', 'fixtures', 'febrl4', file), 'utf8').replace(/\r/g, '').split('\n');
      const path = join(dir, file);
      writeFileSync(path, lines.slice(0, 401).join('\n') + '\n');
      return path;
    };
    a = head('febrl4a.csv');
    b = head('febrl4b.csv');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('link-files writes input,record_id,cluster_id and pairs, with --json figures on the last line', async () => {
    const out = join(dir, 'clusters.csv');
    const pairs = join(dir, 'pairs.csv');
    const figures = JSON.parse(await run(['link-files', '--rules', RULES, '--input', a, '--input', b, '--out', out, '--pairs', pairs, '--json'])) as Record<string, unknown>;
    expect(figures).toMatchObject({ ruleSet: 'febrl@1', mode: 'link', records: 800, trained: true, threshold: 0.5 });
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('input,record_id,cluster_id');
    expect(rows).toHaveLength(801);
    expect(readFileSync(pairs, 'utf8').split('\n')[0]).toBe('input_l,record_id_l,input_r,record_id_r,match_weight,match_probability');
  });

  it('train saves parameters that link-files --params then uses', async () => {
    const params = join(dir, 'febrl.params.json');
    const trained = JSON.parse(await run(['train', '--rules', RULES, '--input', a, '--input', b, '--out', params, '--json'])) as { out: string; em: unknown[] };
    expect(trained.out).toBe(params);
    expect(trained.em).toHaveLength(3);
    const figures = JSON.parse(await run(['link-files', '--rules', RULES, '--input', a, '--input', b, '--out', join(dir, 'c.csv'), '--params', params, '--json'])) as { trained: boolean };
    expect(figures.trained).toBe(false);
  });

  it('evaluate reports pairwise precision, recall and F1 against a truth column', async () => {
    const result = JSON.parse(await run(['evaluate', '--rules', RULES, '--input', a, '--input', b, '--truth-column', 'rec_id', '--truth-pattern', 'rec-(\\d+)-', '--json'])) as {
      clusters: { f1: number; truePairs: number };
      byThreshold: unknown[];
    };
    expect(result.clusters.truePairs).toBeGreaterThan(0);
    expect(result.clusters.f1).toBeGreaterThanOrEqual(0.95);
    expect(result.byThreshold.length).toBeGreaterThan(5);
  });

  it('rejects a bad threshold before doing any work', async () => {
    await expect(run(['link-files', '--rules', RULES, '--input', a, '--out', join(dir, 'x.csv'), '--threshold', '1.5'])).rejects.toThrow(/--threshold/);
  });
});
