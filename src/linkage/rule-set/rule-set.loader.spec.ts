import { parseRuleSet, RuleSetError } from './rule-set.loader';

const VALID = `
name: tiny
version: "2"
record_id: id
fields:
  forename: { column: first, type: name }
  surnames: { columns: [last, former], type: name, split_tokens: true }
  dob: { column: dob, type: date, format: DD/MM/YYYY }
  nhs: { column: nhs, type: nhs_number }
comparisons:
  - field: forename
    levels:
      - exact: { term_frequency: true }
      - nickname
      - jaro_winkler: 0.9
  - name: dob
    field: dob
    levels: [exact, date_day_month_swap, { date_within_days: 31, label: same_month }]
blocking:
  - keys: [dob]
  - name: sx
    keys: [{ field: surnames, transform: soundex }]
cannot_link:
  - name: different_nhs
    differ: [nhs]
  - name: twins
    equal: [dob, surnames]
    not_levels: { forename: [exact, nickname] }
`;

function issuesOf(text: string): string[] {
  try {
    parseRuleSet(text, 'x.yaml');
  } catch (error) {
    if (error instanceof RuleSetError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a RuleSetError');
}

describe('parseRuleSet', () => {
  it('reads a valid rule set with defaults', () => {
    const rules = parseRuleSet(VALID);
    expect(rules.version).toBe('2');
    expect(rules.fields.find((f) => f.name === 'surnames')).toMatchObject({ columns: ['last', 'former'], splitTokens: true });
    expect(rules.comparisons[0]!.name).toBe('forename');
    expect(rules.comparisons[0]!.levels.map((l) => l.label)).toEqual(['exact', 'nickname', 'jaro_winkler_0.9']);
    expect(rules.comparisons[0]!.levels[0]!.termFrequency).toBe(true);
    expect(rules.comparisons[1]!.levels[2]).toMatchObject({ kind: 'date_within_days', days: 31, label: 'same_month' });
    expect(rules.blocking.map((b) => b.name)).toEqual(['dob', 'sx']);
    expect(rules.cannotLink[1]).toMatchObject({ equal: ['dob', 'surnames'], notLevels: { forename: ['exact', 'nickname'] } });
    expect(rules.training.blocking).toBe(rules.blocking);
    expect(rules.thresholds).toEqual({ link: 0.95, review: 0.5 });
  });

  it('names the line of each problem and reports them all', () => {
    const text = VALID.replace('type: date, format: DD/MM/YYYY', 'type: date, format: MM-YYYY')
      .replace('- field: forename', '- field: forname')
      .replace('jaro_winkler: 0.9', 'jaro_winkler: 1.5')
      .replace('[exact, date_day_month_swap', '[exact, date_swapped');
    const issues = issuesOf(text);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^x\.yaml line 8: .*format "MM-YYYY" is not a known date format/),
        expect.stringMatching(/^x\.yaml line 11: .*unknown field "forname"/),
        expect.stringMatching(/^x\.yaml line 15: .*jaro_winkler must be a number from 0 to 1/),
        expect.stringMatching(/^x\.yaml line 18: .*unknown level kind "date_swapped"/),
      ]),
    );
  });

  it('rejects syntax errors, unknown keys, level misuse and bad references', () => {
    expect(issuesOf('name: [unclosed')[0]).toMatch(/^x\.yaml line 1: YAML syntax/);
    expect(issuesOf(VALID.replace('record_id: id', 'record_id: id\ncolour: blue')).join()).toMatch(/line 5: rule set: unknown key "colour"/);
    expect(issuesOf(VALID.replace('- nickname', '- date_one_digit')).join()).toMatch(/level date_one_digit needs a date field/);
    expect(issuesOf(VALID.replace('{ term_frequency: true }', '{ term_frequency: yes }')).join()).toMatch(/term_frequency must be true or false/);
    expect(issuesOf(VALID.replace('not_levels: { forename: [exact, nickname] }', 'not_levels: { forename: [exact, nick] }')).join()).toMatch(
      /unknown level "nick"/,
    );
    expect(issuesOf(VALID.replace('differ: [nhs]', 'differ: [nhs_no]')).join()).toMatch(/unknown field "nhs_no"/);
    expect(issuesOf(`${VALID}\nthresholds: { link: 0.4, review: 0.6 }`).join()).toMatch(/review must not exceed/);
    expect(issuesOf(VALID.replace('  - keys: [dob]\n', '  - keys: []\n')).join()).toMatch(/keys needs at least one key/);
    expect(issuesOf(VALID.replace('transform: soundex', 'transform: year')).join()).toMatch(/line 22: .*transform year needs a date field, "surnames" is name/);
  });
});
