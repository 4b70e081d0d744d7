import { assignStableIds } from './stable-ids';
import { personNumberOf } from './person-id';

const P1 = 'P0000000001';
const P2 = 'P0000000002';
const P3 = 'P0000000003';

describe('assignStableIds', () => {
  it('keeps each id on the cluster sharing most of its records', () => {
    // Records 0-2 were P2, 3-4 P1; the run regroups them as {0,1,3} {2} {4}.
    const result = assignStableIds({
      clusterOf: [0, 0, 1, 0, 2],
      clusterCount: 3,
      previousPersonOf: [P2, P2, P2, P1, P1],
      ageOf: personNumberOf,
    });
    expect(result.idOfCluster).toEqual([P2, null, P1]);
    expect(result.absorbed).toEqual([]);
  });

  it('gives a tie to the older id, and merges the younger into that cluster', () => {
    const result = assignStableIds({
      clusterOf: [0, 0, 0, 0],
      clusterCount: 1,
      previousPersonOf: [P3, P3, P1, P1],
      ageOf: personNumberOf,
    });
    expect(result.idOfCluster).toEqual([P1]);
    expect(result.absorbed).toEqual([{ personId: P3, intoCluster: 0 }]);
  });

  it('keeps the id on the larger part of a split; the smaller part gets a new id', () => {
    const result = assignStableIds({
      clusterOf: [0, 1, 1],
      clusterCount: 2,
      previousPersonOf: [P1, P1, P1],
      ageOf: personNumberOf,
    });
    expect(result.idOfCluster).toEqual([null, P1]);
  });

  it('new records alone make new persons and disturb nobody', () => {
    const result = assignStableIds({
      clusterOf: [0, 1, 2],
      clusterCount: 3,
      previousPersonOf: [P1, null, P2],
      ageOf: personNumberOf,
    });
    expect(result.idOfCluster).toEqual([P1, null, P2]);
  });

  it('a cluster that wholly takes in two old persons is a merge: the older id survives, even when it is the smaller', () => {
    // P1 had one record, P3 three; the run joins all four. The bigger person must not win.
    const result = assignStableIds({
      clusterOf: [0, 0, 0, 0, 1],
      clusterCount: 2,
      previousPersonOf: [P3, P3, P3, P1, P2],
      ageOf: personNumberOf,
    });
    expect(result.idOfCluster).toEqual([P1, P2]);
    expect(result.absorbed).toEqual([{ personId: P3, intoCluster: 0 }]);
  });

  it('a record moving into another person is not a merge: largest overlap still decides', () => {
    // P1 (two records) is split: one record joins all of P3, the other stays alone. Only P3 is
    // wholly inside cluster 0, so that is a re-run with a moved record, not a merge of two persons.
    const result = assignStableIds({
      clusterOf: [0, 0, 0, 1],
      clusterCount: 2,
      previousPersonOf: [P3, P3, P1, P1],
      ageOf: personNumberOf,
    });
    expect(result.idOfCluster).toEqual([P3, P1]);
    expect(result.absorbed).toEqual([]);
  });

  it('a merge that also strands a minority of one person: the oldest keeps the merged cluster, the id follows the majority', () => {
    // P1 and P2 wholly, and two of P3's three records, land in cluster 0; P3's third is alone.
    const result = assignStableIds({
      clusterOf: [0, 0, 0, 0, 1],
      clusterCount: 2,
      previousPersonOf: [P2, P3, P3, P1, P3],
      ageOf: personNumberOf,
    });
    expect(result.idOfCluster).toEqual([P1, null]);
    expect(result.absorbed).toEqual(expect.arrayContaining([
      { personId: P2, intoCluster: 0 },
      { personId: P3, intoCluster: 0 },
    ]));
    expect(result.absorbed).toHaveLength(2);
  });
});
