import { CorePersonLinkage } from './core-person-linkage';
import { emptyRecordTable, type RecordTable } from './record-table';

interface Row {
  feed: string;
  sourceId: string;
  forename: string;
  surname: string;
  dob: string;
  sex: string;
  postcode: string;
  nhsNumber?: string | null;
  preAdoption?: boolean;
}

function tableOf(rows: readonly Row[]): RecordTable {
  const t = emptyRecordTable();
  rows.forEach((r, i) => {
    t.sourceRecordId.push(String(i + 1));
    t.feed.push(r.feed);
    t.sourceId.push(r.sourceId);
    t.forename.push(r.forename);
    t.middleNames.push(null);
    t.surname.push(r.surname);
    t.altSurnames.push(null);
    t.dob.push(r.dob);
    t.sex.push(r.sex);
    t.postcode.push(r.postcode);
    t.nhsNumber.push(r.nhsNumber ?? null);
    t.upn.push(null);
    t.formerUpn.push(null);
    t.preAdoption.push(r.preAdoption ?? false);
    t.size++;
  });
  return t;
}

const FORENAMES = ['AMELIA', 'GEORGE', 'ISLA', 'HARRY', 'FREYA', 'NOAH', 'POPPY', 'JACOB', 'ELSIE', 'THEO', 'MAISIE', 'ARCHIE', 'ROSIE', 'LOGAN', 'EVIE', 'REUBEN', 'ZARA', 'FINLEY', 'MABEL', 'RONAN'];
const SURNAMES = ['HUGHES', 'PATEL', 'MORRIS', 'KHAN', 'WALSH', 'OBI', 'DUNN', 'FROST', 'LLOYD', 'NASH', 'QUINN', 'REID', 'SHAW', 'TATE', 'VANCE', 'WEBB', 'YATES', 'BOYLE', 'CROSS', 'DRAKE'];

/** Twenty children each in social care and health, plus twins Oliver/Olivia in both. */
function councilTable(): RecordTable {
  const rows: Row[] = [];
  FORENAMES.forEach((forename, k) => {
    const child = { forename, surname: SURNAMES[k] ?? 'X', dob: `201${k % 10}-0${(k % 9) + 1}-1${k % 10}`, sex: k % 2 ? 'M' : 'F', postcode: `LS${k + 1} 2AB` };
    rows.push({ feed: 'csc-children', sourceId: `C${k}`, ...child }, { feed: 'health-patients', sourceId: `H${k}`, ...child });
  });
  const twin = { surname: 'OKONJO', dob: '2016-04-21', postcode: 'LS9 7QQ' };
  rows.push(
    { feed: 'csc-children', sourceId: 'TW1', forename: 'OLIVER', sex: 'M', ...twin },
    { feed: 'health-patients', sourceId: 'TW2', forename: 'OLIVIA', sex: 'M', ...twin },
  );
  return tableOf(rows);
}

describe('CorePersonLinkage.linkBatch', () => {
  const linkage = new CorePersonLinkage();

  it('queues a strong twins-rule pair for review, but never once a steward separated it', async () => {
    const table = councilTable();
    const parameters = await linkage.train(table);
    const [oliver, olivia] = [table.size - 2, table.size - 1];
    const isTwins = (r: { a: number; b: number }) => (r.a === oliver && r.b === olivia) || (r.a === olivia && r.b === oliver);

    const free = await linkage.linkBatch(table, parameters, { mustLink: [], mustNotLink: [] });
    expect(free.clusterOf[oliver]).not.toBe(free.clusterOf[olivia]);
    expect(free.review.some(isTwins)).toBe(true);

    const separated = await linkage.linkBatch(table, parameters, { mustLink: [], mustNotLink: [[oliver, olivia]] });
    expect(separated.review.some(isTwins)).toBe(false);
  });

  it('keeps a manual link from joining a pre-adoption identity to a post-adoption one, or two NHS numbers', async () => {
    const table = councilTable();
    const parameters = await linkage.train(table);
    const adopted = tableOf([
      ...Array.from({ length: table.size }, (_, i) => ({
        feed: table.feed[i] ?? '', sourceId: table.sourceId[i] ?? '', forename: table.forename[i] ?? '', surname: table.surname[i] ?? '',
        dob: table.dob[i] ?? '', sex: table.sex[i] ?? '', postcode: table.postcode[i] ?? '',
      })),
      { feed: 'csc-children', sourceId: 'SEALED', forename: 'MIA', surname: 'STONE', dob: '2013-06-01', sex: 'F', postcode: 'LS3 1AA', preAdoption: true },
      { feed: 'health-patients', sourceId: 'AFTER', forename: 'MIA', surname: 'FIELD', dob: '2013-06-01', sex: 'F', postcode: 'LS8 2BB' },
      { feed: 'health-patients', sourceId: 'N1', forename: 'SAM', surname: 'GREY', dob: '2011-02-03', sex: 'M', postcode: 'LS4 4DD', nhsNumber: '9434765919' },
      { feed: 'education-pupils', sourceId: 'BRIDGE', forename: 'SAM', surname: 'GREY', dob: '2011-02-03', sex: 'M', postcode: 'LS4 4DD' },
      { feed: 'csc-children', sourceId: 'N2', forename: 'SAM', surname: 'GREY', dob: '2011-02-03', sex: 'M', postcode: 'LS4 4DD', nhsNumber: '9434765870' },
    ]);
    const n = table.size;
    const [sealed, after, n1, bridge, n2] = [n, n + 1, n + 2, n + 3, n + 4];
    const result = await linkage.linkBatch(adopted, parameters, {
      mustLink: [[sealed, after], [n1, bridge], [bridge, n2]],
      mustNotLink: [],
    });
    expect(result.clusterOf[sealed]).not.toBe(result.clusterOf[after]);
    expect(result.clusterOf[n1]).toBe(result.clusterOf[bridge]);
    expect(result.clusterOf[n2]).not.toBe(result.clusterOf[n1]);
    expect(result.counts.refusedMerges).toBeGreaterThanOrEqual(2);
  });
});
