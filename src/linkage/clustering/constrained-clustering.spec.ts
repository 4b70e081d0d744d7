import { clusterWithConstraints } from './constrained-clustering';

// Records 0 and 1 are a pre-adoption and a post-adoption identity; 2 sits between them.
const PRE = new Set([0]);
const hard = (i: number, j: number): string | null => (PRE.has(i) !== PRE.has(j) ? 'pre_and_post_adoption' : null);
const twins = (i: number, j: number): string | null => ((i === 3 && j === 4) || (i === 4 && j === 3) ? 'twins' : null);

describe('clusterWithConstraints: manual links and hard conflicts', () => {
  it('refuses a manual link across a hard conflict, directly or through a chain of manual links', () => {
    const direct = clusterWithConstraints({ size: 2, edges: [], mustLink: [[0, 1]], conflict: hard, hardConflict: hard });
    expect(direct.clusterOf[0]).not.toBe(direct.clusterOf[1]);
    expect(direct.refused).toEqual([expect.objectContaining({ left: 0, right: 1, reason: 'pre_and_post_adoption' })]);

    // 2 is POST too, so 1~2 is fine; 0~2 would put PRE and POST in one cluster.
    const chain = clusterWithConstraints({ size: 3, edges: [], mustLink: [[1, 2], [2, 0]], conflict: hard, hardConflict: hard });
    expect(chain.clusterOf[1]).toBe(chain.clusterOf[2]);
    expect(chain.clusterOf[0]).not.toBe(chain.clusterOf[1]);
  });

  it('still lets a manual link override a soft rule such as twins', () => {
    const result = clusterWithConstraints({
      size: 5,
      edges: [],
      mustLink: [[3, 4]],
      conflict: (i, j) => hard(i, j) ?? twins(i, j),
      hardConflict: hard,
    });
    expect(result.clusterOf[3]).toBe(result.clusterOf[4]);
    expect(result.refused).toEqual([]);
  });
});
