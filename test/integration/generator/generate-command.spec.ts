import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerGenerate } from '../../../src/cli/commands/generate.command';
import { runCli } from '../../support/cli';

/** Runs `childlink generate …` in-process and returns what it printed to stdout. */
const generate = (args: string[]): Promise<string> => runCli([registerGenerate], ['generate', ...args]);

describe('childlink generate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'childlink-generate-cli-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the six feeds and three truth files, and ends stdout with one JSON object of figures', async () => {
    const out = await generate(['--children', '120', '--seed', 'cli', '--out', dir, '--as-of', '2025-10-02', '--json']);
    const lines = out.trim().split('\n');
    const figures = JSON.parse(lines[lines.length - 1] ?? '{}') as { children: number; asOf: string; rows: Record<string, number> };
    expect(figures.children).toBe(120);
    expect(figures.asOf).toBe('2025-10-02');
    for (const file of ['csc-children', 'csc-placements', 'education-pupils', 'health-patients', 'finance-payments', 'consents']) {
      expect(existsSync(join(dir, `${file}.csv`))).toBe(true);
    }
    for (const file of ['persons', 'payments', 'families']) expect(existsSync(join(dir, 'truth', `${file}.csv`))).toBe(true);
    const persons = readFileSync(join(dir, 'truth', 'persons.csv'), 'utf8').trim().split('\n');
    expect(persons.length - 1).toBe(figures.rows['truth/persons']);
    // --as-of moves the census: every pupil row carries it.
    const pupils = readFileSync(join(dir, 'education-pupils.csv'), 'utf8').trim().split('\n').slice(1);
    expect(pupils.length).toBeGreaterThan(0);
    for (const row of pupils) expect(row.endsWith(',2025-10-02')).toBe(true);
  });

  it('refuses a child count that is not a whole number, naming the option', async () => {
    await expect(generate(['--children', 'lots', '--out', dir])).rejects.toThrow(/--children/);
    await expect(generate(['--children', '0', '--out', dir])).rejects.toThrow(/children must be/);
  });

  it('refuses an as-of date that is not a real ISO date', async () => {
    const out = join(dir, 'never-created');
    await expect(generate(['--children', '5', '--out', out, '--as-of', '2025-02-30'])).rejects.toThrow(/not a real date/);
    expect(existsSync(out)).toBe(false);
  });
});
