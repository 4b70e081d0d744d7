import {
  Blocker,
  clusterWithConstraints,
  countPatterns,
  encodeRecords,
  expectationMaximisation,
  IncrementalMatcher,
  Linker,
  parseRuleSet,
  PARAMETERS_FORMAT,
  parseParameters,
  probabilityOf,
  RunawayBlockingError,
  supervisedM,
  type TrainedParameters,
} from './index';
import { seededRandom } from './training/random';

const CHILD_RULES = parseRuleSet(`
name: child-test
version: "1"
record_id: id
fields:
  forename: { column: forename, type: name }
  surname: { columns: [surname, former_surname], type: name, split_tokens: true }
  dob: { column: dob, type: date }
  postcode: { column: postcode, type: postcode }
  nhs: { column: nhs, type: nhs_number }
comparisons:
  - name: nhs
    field: nhs
    levels: [exact]
  - name: forename
    field: forename
    levels: [exact, nickname, { jaro_winkler: 0.88 }, double_metaphone]
  - name: surname
    field: surname
    levels: [exact, { jaro_winkler: 0.9 }]
  - name: dob
    field: dob
    levels: [exact, date_day_month_swap, date_one_digit, { date_within_days: 31 }]
  - name: postcode
    field: postcode
    levels: [exact, postcode_sector, postcode_district]
blocking:
  - keys: [nhs]
  - keys: [dob]
  - keys: [{ field: surname, transform: soundex }, { field: dob, transform: year }]
deterministic:
  - name: same_nhs_compatible_dob
    keys: [nhs]
    require: { dob: [exact, date_day_month_swap, date_one_digit] }
cannot_link:
  - name: different_nhs
    differ: [nhs]
  - name: twins
    equal: [dob, surname, postcode]
    not_levels: { forename: [exact, nickname] }
training:
  u_sample_pairs: 2000
  prior: 0.05
thresholds: { link: 0.9, review: 0.5 }
`);

/** Hand-set parameters so these tests do not depend on training. */
function fixedParameters(): TrainedParameters {
  const level = (label: string, m: number, u: number) => ({ label, m, u });
  return {
    format: PARAMETERS_FORMAT,
    formatVersion: 1,
    ruleSet: { name: 'child-test', version: '1' },
    trainedAt: '2026-01-01T00:00:00.000Z',
    prior: 0.01,
    priorSource: 'test',
    comparisons: [
      { name: 'nhs', levels: [level('exact', 0.95, 0.0001), level('else', 0.05, 0.9999)] },
      { name: 'forename', levels: [level('exact', 0.85, 0.01), level('nickname', 0.07, 0.002), level('jaro_winkler_0.88', 0.05, 0.01), level('double_metaphone', 0.01, 0.01), level('else', 0.02, 0.968)] },
      { name: 'surname', levels: [level('exact', 0.9, 0.01), level('jaro_winkler_0.9', 0.07, 0.01), level('else', 0.03, 0.98)] },
      { name: 'dob', levels: [level('exact', 0.9, 0.0003), level('date_day_month_swap', 0.02, 0.00003), level('date_one_digit', 0.04, 0.003), level('date_within_days_31', 0.02, 0.01), level('else', 0.02, 0.9866)] },
      { name: 'postcode', levels: [level('exact', 0.8, 0.001), level('postcode_sector', 0.1, 0.01), level('postcode_district', 0.05, 0.05), level('else', 0.05, 0.939)] },
    ],
    termFrequencies: {},
    training: { uSamplePairs: 0, seed: 1, em: [], notEstimated: [] },
  };
}

const row = (id: string, forename: string, surname: string, dob: string, postcode: string, nhs = '', former_surname = '') => ({
  id,
  forename,
  surname,
  former_surname,
  dob,
  postcode,
  nhs,
});

describe('EM (u fixed) recovers known m from simulated pairs', () => {
  it('recovers m within 0.02 and the match share within 0.02', () => {
    const random = seededRandom(7);
    const trueM = [
      [0.9, 0.07, 0.03],
      [0.8, 0.15, 0.05],
      [0.7, 0.2, 0.1],
    ];
    const u = [
      [0.01, 0.09, 0.9],
      [0.02, 0.1, 0.88],
      [0.05, 0.15, 0.8],
    ];
    const lambda = 0.3;
    const draw = (probabilities: number[]): number => {
      let r = random();
      for (let l = 0; l < probabilities.length; l++) if ((r -= probabilities[l]!) < 0) return l + 1;
      return probabilities.length;
    };
    const pairs = 20_000;
    const levels = new Uint8Array(pairs * 3);
    for (let p = 0; p < pairs; p++) {
      const match = random() < lambda;
      for (let c = 0; c < 3; c++) levels[p * 3 + c] = draw(match ? trueM[c]! : u[c]!);
    }
    const result = expectationMaximisation({
      data: countPatterns(levels, 3),
      m: [
        [0.5, 0.3, 0.2],
        [0.5, 0.3, 0.2],
        [0.5, 0.3, 0.2],
      ],
      u,
      active: [true, true, true],
      lambda: 0.1,
      maxIterations: 500,
      tolerance: 1e-7,
    });
    expect(result.converged).toBe(true);
    expect(result.lambda).toBeCloseTo(lambda, 1);
    expect(Math.abs(result.lambda - lambda)).toBeLessThan(0.02);
    result.m.forEach((row, c) => row.forEach((m, l) => expect(Math.abs(m - trueM[c]![l]!)).toBeLessThan(0.02)));
  });
});

describe('constrained clustering', () => {
  it('does not let a chain A~B~C glue A and C when A≁C', () => {
    const result = clusterWithConstraints({
      size: 3,
      edges: [
        { left: 0, right: 1, strength: 12 },
        { left: 1, right: 2, strength: 9 },
      ],
      conflict: (i, j) => ((i === 0 && j === 2) || (i === 2 && j === 0) ? 'different_nhs' : null),
    });
    expect(result.clusterOf[0]).toBe(result.clusterOf[1]);
    expect(result.clusterOf[2]).not.toBe(result.clusterOf[0]);
    expect(result.refused).toEqual([{ left: 1, right: 2, conflictLeft: 0, conflictRight: 2, reason: 'different_nhs' }]);
  });
  it('obeys manual must-not-link over a strong score, and must-link without any score', () => {
    const result = clusterWithConstraints({
      size: 4,
      edges: [{ left: 0, right: 1, strength: 40 }],
      mustNotLink: [[0, 1]],
      mustLink: [[2, 3]],
    });
    expect(result.clusterOf[0]).not.toBe(result.clusterOf[1]);
    expect(result.clusterOf[2]).toBe(result.clusterOf[3]);
    expect(result.clusters).toBe(3);
  });
});

describe('Linker on child-like records', () => {
  const rows = [
    row('a1', 'Alexander', 'Okafor', '2015-03-04', 'SW1A 1AA'),
    row('a2', 'Alexandra', 'Okafor', '2015-03-04', 'sw1a1aa'), // twin
    row('a3', 'Alex', 'Okafor', '2015-03-04', 'SW1A 1AA'), // the boy, by nickname? ALEX is both: stays ambiguous
    row('b1', 'Alfie', 'Smith-Jones', '2014-01-02', 'M1 1AE', '943 476 5919'),
    row('b2', 'Alfred', 'Jones', '2014-02-01', 'M1 1AE', '9434765919'),
    row('c1', 'Oliver', 'Brown', '2016-05-06', 'B33 8TH', '4010232137'),
    row('c2', 'Oliver', 'Brown', '2016-05-06', 'B33 8TH', '9434765919'),
  ];

  function linked() {
    const linker = new Linker(CHILD_RULES, [{ name: 'csc', rows }]);
    linker.useParameters(fixedParameters());
    const scored = linker.score(linker.pairs());
    return { linker, scored, clusters: linker.cluster(scored, { threshold: 0.9 }) };
  }

  it('keeps twins apart however strong the rest of the evidence', () => {
    const { linker, clusters } = linked();
    expect(linker.cannotLink(0, 1)).toBe('twins');
    expect(clusters.clusterOf[0]).not.toBe(clusters.clusterOf[1]);
  });

  it('links nickname, double-barrelled surname and swapped day/month by a deterministic NHS rule', () => {
    const { clusters, linker } = linked();
    expect(clusters.clusterOf[3]).toBe(clusters.clusterOf[4]);
    const explanation = linker.explain(3, 4);
    expect(explanation.comparisons.map((c) => c.label)).toEqual(['exact', 'nickname', 'exact', 'date_day_month_swap', 'exact']);
  });

  it('never links two different valid NHS numbers, even with identical demographics', () => {
    const { clusters, linker } = linked();
    expect(linker.cannotLink(5, 6)).toBe('different_nhs');
    expect(clusters.clusterOf[5]).not.toBe(clusters.clusterOf[6]);
  });

  it('explains a pair as a waterfall whose last running total is the match weight', () => {
    const { linker, scored } = linked();
    const p = [...scored.left].findIndex((l, k) => l === 3 && scored.right[k] === 4);
    const explanation = linker.explain(3, 4);
    expect(explanation.matchWeight).toBeCloseTo(scored.matchWeight[p]!, 9);
    expect(explanation.comparisons.at(-1)!.runningTotal).toBeCloseTo(explanation.matchWeight, 9);
    expect(explanation.comparisons[0]).toMatchObject({ comparison: 'nhs', label: 'exact' });
    expect(explanation.comparisons[0]!.weight).toBeCloseTo(Math.log2(0.95 / 0.0001), 9);
    expect(explanation.probability).toBeCloseTo(probabilityOf(explanation.matchWeight), 12);
  });
});

describe('blocking', () => {
  it('unions rules, produces each pair once and counts per rule before comparing', () => {
    const rows = [row('1', 'Amy', 'Lee', '2015-01-01', 'M1 1AE', '4010232137'), row('2', 'Amy', 'Lee', '2015-01-01', 'M1 1AE', '4010232137'), row('3', 'Amie', 'Lea', '2015-06-01', '')];
    const records = encodeRecords(CHILD_RULES, [{ name: 'x', rows }]);
    const blocker = new Blocker(CHILD_RULES.blocking, records, CHILD_RULES.limits);
    expect(blocker.counts.map((c) => c.candidatePairs)).toEqual([1, 1, 3]);
    const pairs = blocker.pairs();
    const keys = [...pairs.left].map((l, k) => `${l}-${pairs.right[k]!}`);
    expect(keys.sort()).toEqual(['0-1', '0-2', '1-2']);
    expect(blocker.counts.map((c) => c.newPairs)).toEqual([1, 0, 2]);
  });
  it('samples a rule\'s pairs without enumerating it, every sampled pair agreeing on the key', () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(String(i), 'Sam', 'Lee', `2015-01-0${(i % 4) + 1}`, ''));
    const records = encodeRecords(CHILD_RULES, [{ name: 'x', rows }]);
    const blocker = new Blocker(CHILD_RULES.blocking, records, CHILD_RULES.limits);
    const sample = blocker.samplePairs(1, 500, seededRandom(3));
    expect(sample.length).toBe(500);
    for (let p = 0; p < sample.length; p++) {
      expect(sample.left[p]!).toBeLessThan(sample.right[p]!);
      expect(sample.left[p]! % 4).toBe(sample.right[p]! % 4);
    }
  });
  it('stops a runaway rule before comparing anything', () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(String(i), 'Sam', 'Lee', '2015-01-01', ''));
    const records = encodeRecords(CHILD_RULES, [{ name: 'x', rows }]);
    expect(() => new Blocker(CHILD_RULES.blocking, records, { maxPairsPerRule: 100, maxBlockSize: 1000 })).toThrow(RunawayBlockingError);
  });
});

describe('IncrementalMatcher', () => {
  const matcher = new IncrementalMatcher(CHILD_RULES, fixedParameters());
  it('gives blocking keys a caller can store and query by', () => {
    expect(matcher.blockingKeys(row('n', 'Amy', 'Lee', '04/03/2015', 'M1 1AE', '4010232137'))).toEqual([
      { rule: 'nhs', key: '4010232137' },
      { rule: 'dob', key: '2015-03-04' },
      { rule: 'soundex_surname_year_dob', key: 'L000|2015' },
    ]);
  });
  it('decides link / none for candidates, honouring cannot-link and deterministic rules', () => {
    const results = matcher.match(row('n', 'Alfie', 'Jones', '2014-01-02', 'M1 1AE', '9434765919'), [
      row('x', 'Alfred', 'Smith-Jones', '2014-02-01', 'M1 1AE', '943 476 5919'),
      row('y', 'Alfie', 'Jones', '2014-01-02', 'M1 1AE', '4010232137'),
      row('z', 'Zara', 'Khan', '2011-07-07', 'B33 8TH'),
    ]);
    expect(results.map((r) => [r.recordId, r.decision, r.cannotLink, r.deterministic])).toEqual([
      ['x', 'link', null, 'same_nhs_compatible_dob'],
      ['y', 'none', 'different_nhs', null],
      ['z', 'none', null, null],
    ]);
  });
});

describe('training and parameters', () => {
  it('trains without labels into versioned JSON that loads back', () => {
    const rows = Array.from({ length: 60 }, (_, i) =>
      row(`r${i}`, ['Amy', 'Ben', 'Cara', 'Dev', 'Eli'][i % 5]!, ['Lee', 'Khan', 'Ng', 'Roe'][i % 4]!, `2015-0${(i % 9) + 1}-1${i % 10}`, 'M1 1AE'),
    );
    const linker = new Linker(CHILD_RULES, [{ name: 'x', rows }]);
    const params = linker.train({ now: () => new Date('2026-01-01T00:00:00Z') });
    expect(params.ruleSet).toEqual({ name: 'child-test', version: '1' });
    expect(params.training.em.map((r) => r.rule)).toEqual(['nhs', 'dob', 'soundex_surname_year_dob']);
    for (const c of params.comparisons) {
      const mSum = c.levels.reduce((s, l) => s + l.m, 0);
      expect(mSum).toBeCloseTo(1, 6);
    }
    expect(parseParameters(JSON.parse(JSON.stringify(params)), CHILD_RULES)).toEqual(params);
    expect(() => parseParameters({ ...params, ruleSet: { name: 'child-test', version: '2' } }, CHILD_RULES)).toThrow(/retrain/);
  });
});

describe('supervised m from labels (optional)', () => {
  it('sets m to the level shares among labelled true pairs and leaves u alone', () => {
    const rows = [
      row('1', 'Amy', 'Lee', '2015-01-01', 'M1 1AE'),
      row('2', 'Amy', 'Lee', '2015-01-01', 'M1 1AE'),
      row('3', 'Amie', 'Lee', '2015-01-01', 'M1 1AE'),
      row('4', 'Bo', 'Lee', '2015-01-01', 'M1 1AE'),
    ];
    const linker = new Linker(CHILD_RULES, [{ name: 'x', rows }]);
    const params = fixedParameters();
    const scorer = linker.useParameters(params);
    // Records 0-2 are one child, 3 another: true pairs 0-1 (exact forename), 0-2 and 1-2 (AMY/AMIE:
    // Jaro–Winkler 0.78, below 0.88, but the same double metaphone AM).
    const result = supervisedM(params, scorer.comparisons, linker.pairs(), ['a', 'a', 'a', 'b'], 1);
    const forename = result.comparisons.find((c) => c.name === 'forename')!;
    expect(forename.levels.map((l) => l.label)).toEqual(['exact', 'nickname', 'jaro_winkler_0.88', 'double_metaphone', 'else']);
    const shares = forename.levels.map((l) => l.m);
    // counts 1, 0, 0, 2, 0 with half counts for unseen levels: total 4.5.
    expect(shares.map((m) => m * 4.5)).toEqual([1, 0.5, 0.5, 2, 0.5].map((x) => expect.closeTo(x, 9) as unknown as number));
    expect(forename.levels.map((l) => l.u)).toEqual(params.comparisons[1]!.levels.map((l) => l.u));
  });
});
