import { checkAgainstTruth, parseTruth } from './truth-check';

describe('checkAgainstTruth', () => {
  const { childOf, families } = parseTruth(
    'feed,source_id,child_id\na,1,C1\nb,1,C1\nc,1,C1\na,2,C2\nb,2,C3\na,3,C4\na,4,C4-pre\n',
    'child_id,family_id,twin_of\nC1,F1,\nC2,F2,C3\nC3,F2,C2\nC4,F3,\n',
  );

  it('counts pairwise precision and recall without listing pairs', () => {
    // C1 split 2+1, twins C2/C3 merged.
    const check = checkAgainstTruth(
      new Map([['a|1', 'P1'], ['b|1', 'P1'], ['c|1', 'P9'], ['a|2', 'P2'], ['b|2', 'P2'], ['a|3', 'P4'], ['a|4', 'P5']]),
      childOf,
      families,
    );
    expect(check).toMatchObject({ truePairs: 3, predictedPairs: 2, truePositives: 1, precision: 0.5 });
    expect(check.recall).toBeCloseTo(1 / 3, 10);
    expect(check.personsWithTwins).toBe(1);
    expect(check.personsWithSiblings).toBe(1);
    expect(check.personsWithAdoptionIdentities).toBe(0);
  });

  it('sees a pre-adoption identity merged with the post-adoption one', () => {
    const check = checkAgainstTruth(new Map([['a|3', 'P4'], ['a|4', 'P4']]), childOf, families);
    expect(check.personsWithAdoptionIdentities).toBe(1);
    expect(check.personsWithSiblings).toBe(0);
  });
});
