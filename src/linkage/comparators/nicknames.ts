import { NICKNAME_TABLE } from '../data/nicknames.generated';

/**
 * UK forms missing from the US-centred shipped table (its SOURCE note says so). Each line is
 * NAME:NICK,NICK in the table's format.
 */
const UK_ADDITIONS = [
  'ALFRED:ALFIE,ALF',
  'OLIVER:OLLY,OLLIE',
  'OLIVIA:LIV,LIVVY,LIVVIE',
  'ARCHIBALD:ARCHIE',
  'HARRISON:HARRY',
  'HENRY:HARRY,HAL',
  'EDWARD:EDDIE,ED,TED,NED',
  'CHARLOTTE:LOTTIE,CHARLIE',
  'ISABELLA:IZZY,BELLA,ISSY',
  'ISABEL:IZZY,ISSY',
  'AMELIA:MILLIE,MILLY',
  'WILLIAM:LIAM',
  'JAMES:JAMIE,JIM,JIMMY',
  'THEODORE:THEO,TEDDY',
  'SEBASTIAN:SEB,SEBBY',
  'FREDERICK:FREDDIE,FRED',
  'JOSHUA:JOSH',
  'SAMUEL:SAM,SAMMY',
  'DANIEL:DAN,DANNY',
  'MATTHEW:MATT',
  'BENJAMIN:BEN,BENNY',
  'ELEANOR:ELLIE,NELL',
  'ELIZABETH:ELLIE,LIZZIE,BETH',
  'GEORGINA:GEORGIE',
  'JESSICA:JESS,JESSIE',
  'REBECCA:BECKY,BECCA',
  'ZACHARY:ZAC,ZACK',
];

/** name → every name it is directly related to (both directions of each listed relation). */
function buildIndex(): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  const relate = (a: string, b: string): void => {
    let set = index.get(a);
    if (!set) index.set(a, (set = new Set()));
    set.add(b);
  };
  for (const entry of [...NICKNAME_TABLE.split(';'), ...UK_ADDITIONS]) {
    const [name = '', nicks = ''] = entry.split(':');
    for (const nick of nicks.split(',')) {
      if (!nick || nick === name) continue;
      relate(name, nick);
      relate(nick, name);
    }
  }
  return index;
}

let nicknameIndex: Map<string, Set<string>> | undefined;

/**
 * True when two canonical (uppercase) forenames are listed as name and nickname of each other
 * (ALFIE/ALFRED, OLLIE/OLIVER). Only direct relations count: two nicknames of one formal name
 * (ALEX of ALEXANDER and of ALEXANDRA) do not make their formal names equivalent, which keeps
 * twins such as ALEXANDER and ALEXANDRA apart.
 */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return true;
  nicknameIndex ??= buildIndex();
  return nicknameIndex.get(a)?.has(b) ?? false;
}
