/**
 * Names of the county's communities, most common first within each list (weights are Zipf-like
 * by rank with an offset, see `zipf`, tuned so the commonest surname, Smith, is about 1% of
 * children and the commonest forenames about 1.5% — as in England). Orders follow the ONS "Baby names in England and Wales" tables and the
 * surname frequencies in the ONS/Forebears lists; the lists are short on purpose: enough variety
 * for linkage to be realistic, small enough to read.
 */
import type { Sex } from './model';

export interface Community {
  key: string;
  /** Share of the county's children. */
  share: number;
  /** DfE ethnicity codes of the children in this community, with weights. */
  ethnicities: ReadonlyArray<readonly [string, number]>;
  surnames: readonly string[];
  /** Community forenames by sex; mixed with the general list by `ownForenameShare`. */
  forenames: Readonly<Record<Sex, readonly string[]>>;
  ownForenameShare: number;
}

const ENGLISH_SURNAMES = `Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris
Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths
Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall Anderson Simpson
Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell Matthews Owen Palmer Holmes Mills
Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh
Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
Bradley Spencer Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart
Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland
Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates Henderson
Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton
McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers O'Neill Griffin
Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Reeves MacDonald McKenzie
Fitzgerald Sinclair Pritchard Bowen Vaughan Lamb Slater Gough Tucker Marriott Pickering Dobson Hargreaves Kirby
Abbott Ainsworth Akers Aldridge Ashworth Ayres Bamford Banks Barlow Barton Baxter Beck Benson Bentley Birch Blackburn
Blake Bolton Bond Boyd Bradshaw Brennan Briggs Brooke Buckley Bull Bush Cartwright Chadwick Chandler Charlton Clayton
Clements Coates Connolly Conway Crawford Croft Cunningham Dale Daly Daniels Davison Dennis Dickinson Doherty Douglas
Duffy Duncan Dyer Eaton Edmonds Farmer Farrell Faulkner Fenton Field Finch Fleming Flynn Forster Fowler Franklin
Frost Fuller Gallagher Garner Gibbs Gilbert Glover Goddard Goodwin Gould Greenwood Hale Hammond Hancock Hanson Hardcastle
Harrington Hartley Haynes Heath Hicks Higgins Hilton Hodges Holden Holt Horton Houghton Howe Hurst Ingram Jarvis Jennings
Kay Kemp Kent Kerr Knowles Lambert Law Leach Lees Little Lord Lucas Lynch Mann Marsden Mellor Metcalfe Middleton Miles
Milner Moran Morley Morton Nash Naylor Nelson Norman Norris Nuttall Oakley Ogden Parkes Parkinson Patterson Peacock
Pollard Poole Preston Quinn Randall Read Rhodes Rowe Rowley Sanderson Savage Schofield Sharpe Shields Skinner Steele
Stephenson Storey Summers Swift Talbot Thornton Tomlinson Townsend Turnbull Wade Wainwright Walters Warner Waters Weston
Whitehead Whittaker Wilde Wilkins Willis Winter Woodward Wyatt Young-Smith`.split(/\s+/);

const GENERAL_FORENAMES: Record<Sex, readonly string[]> = {
  M: `Oliver Noah George Leo Arthur Oscar Theodore Freddie Archie Henry Alfie Charlie Jacob Thomas Luca Lucas Finley Jack
Isaac Teddy Edward Albie Tommy Roman Arlo Jude Reggie Elijah Ezra Harry Joshua Hugo Max Rory William James Louie Ronnie
Harrison Alexander Joseph Mason Sebastian Frankie Ethan Toby Daniel Jaxon Samuel Albert Dylan Logan Jasper Benjamin Riley
Harvey Zachary Michael Finn Jenson Austin Louis Hunter Carter Rowan Ellis Otis Tyler Kai Milo Caleb Liam Bobby Stanley
Jesse Felix Jayden Nathan Callum Kyle Connor Lewis Ryan Aaron Matthew Christopher Jamie Kian Bradley Owen Reuben Cameron
Sonny Dexter Frederick Alfred Nathaniel Anthony Andrew Robert Luke Jake Tommy-Lee Alfie-James Lennon Brody Kayden`.split(/\s+/),
  F: `Olivia Amelia Isla Lily Ava Freya Ivy Florence Willow Isabella Mia Elsie Sophia Evie Grace Poppy Sienna Rosie Daisy
Ella Charlotte Emily Isabelle Millie Matilda Phoebe Esme Ruby Maya Evelyn Harper Sofia Emilia Aria Hallie Luna Arabella
Eliza Ada Alice Violet Penelope Thea Harriet Chloe Jessica Lola Margot Layla Erin Georgia Hannah Lucy Molly Scarlett
Darcie Holly Maisie Imogen Bella Eleanor Elizabeth Katie Megan Amber Niamh Ellie Lacey Skye Summer Nevaeh Aurora Maddison
Jasmine Abigail Lexi Paige Leah Mollie Rebecca Sophie Alexandra Victoria Catherine Jennifer Samantha Rachel Natalie
Francesca Olive Lily-Mae Ellie-Mae Lacey-Mae Mary-Jane Kayleigh Courtney Jade Tia Demi`.split(/\s+/),
};

export const COMMUNITIES: readonly Community[] = [
  {
    key: 'white-british',
    share: 0.72,
    ethnicities: [['WBRI', 1]],
    surnames: ENGLISH_SURNAMES,
    forenames: GENERAL_FORENAMES,
    ownForenameShare: 1,
  },
  {
    key: 'irish-and-traveller',
    share: 0.015,
    ethnicities: [['WIRI', 0.6], ['WIRT', 0.3], ['WROM', 0.1]],
    surnames: `Murphy Kelly O'Brien Ryan Byrne O'Sullivan Walsh Doherty McDonagh Ward Connors Joyce Stokes Maughan
Boswell Lovell Smith Lee Price Cash`.split(/\s+/),
    forenames: {
      M: 'Patrick Sean Michael John Tommy Jimmy Martin Francis Johnny Paddy Eoin Cian'.split(' '),
      F: 'Mary Bridget Margaret Kathleen Siobhan Roisin Aoife Ciara Shauna Sinead Caitlin Nora'.split(' '),
    },
    ownForenameShare: 0.5,
  },
  {
    key: 'eastern-european',
    share: 0.045,
    ethnicities: [['WOTH', 1]],
    surnames: `Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski
Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Popescu Ionescu Popa Stan Dumitru Kazlauskas Jankauskas Petrauskas Horvat
Novák`.split(/\s+/),
    forenames: {
      M: 'Jakub Szymon Filip Kacper Antoni Mateusz Andrei Luca Matei Jan Wiktor Oskar Ştefan Łukasz'.split(' '),
      F: 'Zuzanna Julia Maja Lena Zofia Alicja Oliwia Maria Ioana Elena Hanna Wiktoria Gabriela Małgorzata'.split(' '),
    },
    ownForenameShare: 0.75,
  },
  {
    key: 'south-asian',
    share: 0.09,
    ethnicities: [['APKN', 0.45], ['AIND', 0.3], ['ABAN', 0.2], ['AOTH', 0.05]],
    surnames: `Khan Ali Hussain Ahmed Begum Shah Patel Iqbal Mahmood Akhtar Rahman Islam Singh Uddin Miah Kaur Chowdhury
Hossain Sharma Kumar Gill Malik Butt Bibi Raza Sandhu Dhillon Mistry Parmar Nawaz Qureshi Siddiqui Chauhan Joshi Aziz
Anwar Rashid Javed Rana`.split(/\s+/),
    forenames: {
      M: `Muhammad Mohammed Ibrahim Yusuf Ayaan Zayn Hamza Ali Omar Musa Adam Arjun Aarav Rehan Harjot Ishaan Abdullah
Zakariya Haris Rayyan Mohammad Eesa Aryan`.split(/\s+/),
      F: `Maryam Aisha Fatima Zara Hafsa Inaya Amira Eshal Anaya Aleena Sara Noor Simran Priya Aaliyah Khadija Hana
Zainab Mariam Ayesha Manahil Jannat`.split(/\s+/),
    },
    ownForenameShare: 0.85,
  },
  {
    key: 'black-african-caribbean',
    share: 0.04,
    ethnicities: [['BAFR', 0.6], ['BCRB', 0.3], ['BOTH', 0.1]],
    surnames: `Mohamed Abdi Hassan Campbell Francis Mensah Owusu Boateng Asante Osei Adebayo Adeyemi Grant Clarke Reid
Kamara Sesay Bangura Okeke Nwosu Eze Oduya Ogunleye Okafor`.split(/\s+/),
    forenames: {
      M: 'David Daniel Emmanuel Samuel Joshua Elijah Jayden Tobi Kwame Chidi Abdirahman Kofi Malachi Josiah'.split(' '),
      F: 'Grace Favour Blessing Precious Esther Deborah Amara Adaeze Hodan Nia Zion Ifeoma Abena Shanice'.split(' '),
    },
    ownForenameShare: 0.6,
  },
  {
    key: 'mixed',
    share: 0.065,
    ethnicities: [['MWBC', 0.35], ['MWBA', 0.15], ['MWAS', 0.25], ['MOTH', 0.25]],
    surnames: ENGLISH_SURNAMES,
    forenames: GENERAL_FORENAMES,
    ownForenameShare: 1,
  },
  {
    key: 'east-asian-and-other',
    share: 0.025,
    ethnicities: [['CHNE', 0.4], ['OOTH', 0.4], ['AOTH', 0.2]],
    surnames: 'Wang Li Zhang Chen Liu Wong Chan Nguyen Tran Le Pham Huang Lin Yang Ho Santos Silva Costa'.split(' '),
    forenames: {
      M: 'Ethan Lucas Ryan Jayden Kai Minh Wei Hao Gabriel Rafael'.split(' '),
      F: 'Chloe Emily Grace Mia Mei Linh Anh Yan Beatriz Sofia'.split(' '),
    },
    ownForenameShare: 0.4,
  },
];

export const GENERAL_FORENAME_LIST = GENERAL_FORENAMES;

/**
 * Pairs of forenames similar enough to fool a string comparator, given to a few twins. None is a
 * nickname pair in the linkage core's table (Aaron/Erin and Louis/Louise are, so they are left out):
 * twins must stay distinguishable by the rule DESIGN.md states.
 */
export const SIMILAR_TWIN_FORENAMES: ReadonlyArray<readonly [Sex, string, Sex, string]> = [
  ['M', 'Jayden', 'M', 'Jaden'],
  ['F', 'Ella', 'F', 'Ellie'],
  ['M', 'Kyle', 'M', 'Kai'],
  ['F', 'Lacey', 'F', 'Lucy'],
  ['M', 'Harvey', 'M', 'Harry'],
  ['F', 'Mia', 'F', 'Maya'],
  ['F', 'Lily', 'F', 'Lilly'],
  ['F', 'Amelia', 'F', 'Emilia'],
];

/** Streets of the made-up county (house numbers and names are added when generated). */
export const STREETS = `High Street|Church Lane|Mill Lane|Station Road|Victoria Road|Park Road|Manor Close|The Crescent|
Queens Road|Kings Avenue|School Lane|Chapel Street|Orchard Way|Meadow View|Willow Drive|Beech Grove|Oak Avenue|
Elm Close|Ash Road|Holly Way|Cedar Court|Priory Road|Abbey Walk|Market Place|Bridge Street|North Street|South Street|
West End|Green Lane|Fore Street|Castle Hill|Brook Street|Harbour Road|Quarry Lane|Forge Close|Wexmoor Road|
Tanners Row|Saxon Way|Barley Close|Kestrel Drive|Heron Way|Foxglove Road|Bramble Walk|Primrose Hill|Juniper Rise`
  .split('|')
  .map((s) => s.trim());

/** Fictional place names for schools, providers and teams. */
export const PLACES = `Wexmoor|Ashcombe|Brinsford|Calderbury|Dunmere|Eastwick|Fallowfield|Greystone|Hartleigh|Kingsmead|
Lowbridge|Marston Vale|Northfleet|Oakhampton|Pennford|Redwater|Stanbury|Thornbury Cross|Upwell|Westholme`
  .split('|')
  .map((s) => s.trim());
