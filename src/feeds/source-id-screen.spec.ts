import { SourceIdScreen } from './source-id-screen';

describe('SourceIdScreen', () => {
  it('places duplicates within a batch, and leaves ids of earlier batches to the database', () => {
    const screen = new SourceIdScreen();
    expect(screen.screen('A', 2)).toEqual({ kind: 'first' });
    expect(screen.screen('B', 3)).toEqual({ kind: 'first' });
    expect(screen.screen('A', 4)).toEqual({ kind: 'duplicate', firstLine: 2 });
    screen.nextBatch();
    expect(screen.screen('B', 5)).toEqual({ kind: 'check' });
    // The first of this batch was only a maybe: the database decides for the later ones too.
    expect(screen.screen('B', 6)).toEqual({ kind: 'check' });
    expect(screen.screen('C', 7)).toEqual({ kind: 'first' });
    expect(screen.screen('C', 8)).toEqual({ kind: 'duplicate', firstLine: 7 });
  });

  it('never calls an id seen for the first time a duplicate, and rarely asks about one', () => {
    const screen = new SourceIdScreen();
    const kinds = { first: 0, check: 0, duplicate: 0 };
    for (let i = 0; i < 200_000; i++) {
      if (i % 10_000 === 0) screen.nextBatch();
      kinds[screen.screen(`LA${i}`, i + 2).kind]++;
    }
    expect(kinds.duplicate).toBe(0);
    expect(kinds.check).toBeLessThan(20);
  });

  it('with a filter too small to rule anything out, asks the database about every id of a later batch', () => {
    const screen = new SourceIdScreen(5);
    for (let i = 0; i < 100; i++) screen.screen(`X${i}`, i + 2);
    screen.nextBatch();
    expect(screen.screen('NEW', 200)).toEqual({ kind: 'check' });
    expect(screen.screen('NEW', 201)).toEqual({ kind: 'check' });
  });
});

describe('SourceIdScreen without a filter', () => {
  it('leaves every id to the database, first occurrences and repeats within a batch alike', () => {
    const screen = new SourceIdScreen(0);
    expect(screen.screen('A', 2)).toEqual({ kind: 'check' });
    expect(screen.screen('A', 3)).toEqual({ kind: 'check' });
    screen.nextBatch();
    expect(screen.screen('B', 4)).toEqual({ kind: 'check' });
  });
});
