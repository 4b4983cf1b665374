// Owns country recognition: a gazetteer built from the world-countries dataset
// (names, official names, English alternative spellings, demonyms) plus the few
// short forms and historical states news uses that the dataset lacks.
import worldCountries from 'world-countries';
import { COMPANY_WORDS } from './name-lexicon';

export interface CountryMention {
  code: string;
  name: string;
}

// Sovereign states, plus Taiwan, Palestine and the Vatican, which news treats as states.
const EXTRA_STATES = new Set(['TW', 'PS', 'VA']);

// Short forms, historical states (reported under their ISO successor) and UK nations.
const EXTRA_NAMES: Record<string, string[]> = {
  US: ['U.S.', 'U.S.A.', 'US', 'America', 'Americans'],
  GB: [
    'Britain',
    'U.K.',
    'England',
    'Scotland',
    'Wales',
    'Northern Ireland',
    'Northern Irish',
    'Scottish',
    'Welsh',
    'Scot',
    'Scots',
    'Briton',
    'Britons',
  ],
  RU: ['Soviet Union', 'USSR', 'U.S.S.R.', 'Soviet', 'Soviets'],
  DE: ['West Germany', 'East Germany', 'West German', 'East German', 'West Germans', 'East Germans'],
  TR: ['Turkey'],
  CZ: ['Czechoslovakia', 'Czechoslovak'],
  RS: ['Yugoslavia', 'Yugoslav'],
  CD: ['Zaire'],
  SA: ['Saudis'],
  PH: ['Philippine'],
  KP: ['N. Korea'],
  // "Korea" alone is the South in business and sports copy; the North is almost always named as such.
  KR: ['S. Korea', 'Korea', 'Korean', 'Koreans'],
};

// Phrases that contain a country word but do not name the country; matched (longest first) and ignored.
const NOT_COUNTRIES = [
  'Latin America',
  'Latin American',
  'South America',
  'South American',
  'North America',
  'North American',
  'Central America',
  'Central American',
  'Native American',
  'Native Americans',
  'American Samoa',
  'New Mexico',
  'New South Wales',
  'New England',
  'Indian Ocean',
  'Korean Peninsula',
  'Korean peninsula',
  'Korean War',
  'Guinea pig',
  'Persian Gulf',
  'Turkish delight',
  'French fries',
  'Dutch auction',
];

// Alternative spellings in the dataset that are ordinary words, airlines or regions in English text.
const UNUSABLE_SPELLINGS = new Set([
  'Island',
  'Emirates',
  'Lao',
  'Timor',
  'Viti',
  'Prathet',
  'Dominique',
  'Mexicanos',
  'Portuguesa',
]);

// Country names that are also first names ("Michael Jordan") or a US state ("Georgia"): the first count unless
// they stand next to another capitalised word, the second only when the country is otherwise confirmed.
const FIRST_NAMES = new Set(['Jordan', 'Chad']);
const NEEDS_CORROBORATION = new Set(['Georgia', 'Georgian']);

interface Gazetteer {
  pattern: RegExp;
  anyCasePattern: RegExp;
  codeOf: Map<string, string | null>;
  nameOf: Map<string, string>;
  capitalOf: Map<string, string[]>;
}

const LATIN_TEXT = /^[A-Za-z][A-Za-z .'’-]*$/;
const WORD_PART = /^(?:[A-Z][\w'’.-]*|of|the|and)$/;

function isUsableSpelling(spelling: string, code: string): boolean {
  if (spelling === code || UNUSABLE_SPELLINGS.has(spelling)) return false;
  if (!LATIN_TEXT.test(spelling)) return false;
  return spelling.split(/\s+/).every((word) => WORD_PART.test(word));
}

// "Americans", "Iraqis", "Sri Lankans", "New Zealanders"; "Chinese" and "Swiss" have no plural form.
function plural(demonym: string): string | null {
  return /[nior]$/.test(demonym) ? `${demonym}s` : null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let gazetteer: Gazetteer | null = null;

function buildGazetteer(): Gazetteer {
  const codeOf = new Map<string, string | null>();
  const nameOf = new Map<string, string>();
  const capitalOf = new Map<string, string[]>();
  const demonymOwners = new Map<string, Set<string>>();
  const add = (spelling: string, code: string) => {
    const known = codeOf.get(spelling);
    if (known === undefined) codeOf.set(spelling, code);
    else if (known !== code) codeOf.set(spelling, null); // shared by two states: says nothing
  };
  for (const country of worldCountries) {
    const code = country.cca2;
    if (!country.independent && !country.unMember && !EXTRA_STATES.has(code)) continue;
    nameOf.set(code, country.name.common);
    capitalOf.set(code, country.capital);
    const spellings = [country.name.common, country.name.official, ...country.altSpellings];
    for (const spelling of spellings) if (isUsableSpelling(spelling, code)) add(spelling, code);
    const demonyms = country.demonyms.eng;
    for (const demonym of new Set(demonyms ? [demonyms.m, demonyms.f] : [])) {
      if (!isUsableSpelling(demonym, code)) continue;
      for (const form of [demonym, plural(demonym)]) {
        if (!form) continue;
        const owners = demonymOwners.get(form) ?? new Set<string>();
        owners.add(code);
        demonymOwners.set(form, owners);
      }
    }
  }
  for (const [form, owners] of demonymOwners) {
    if (owners.size === 1) add(form, [...owners][0]!);
    else codeOf.set(form, null);
  }
  for (const [code, names] of Object.entries(EXTRA_NAMES)) for (const name of names) codeOf.set(name, code);
  for (const phrase of NOT_COUNTRIES) codeOf.set(phrase, null);

  // Longest alternatives first so "North Korea" wins over "Korea" and "Latin America" over "America".
  const alternatives = [...codeOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const source = `(?<![\\p{L}\\p{N}.])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`;
  return {
    pattern: new RegExp(source, 'gu'),
    anyCasePattern: new RegExp(source, 'giu'),
    codeOf,
    nameOf,
    capitalOf,
  };
}

function getGazetteer(): Gazetteer {
  gazetteer ??= buildGazetteer();
  return gazetteer;
}

const CAPITALISED_NEIGHBOUR_BEFORE = /[A-Z][\w'’-]*\s+$/;
const CAPITALISED_NEIGHBOUR_AFTER = /^\s+[A-Z]/;
const SENTENCE_START = /(?:^|[.!?:"“]\s*)[A-Z][\w'’-]*\s+$/;

// "Michael Jordan", "Chad Smith": a first-name country next to another capitalised word is a person.
function isPersonName(text: string, index: number, length: number): boolean {
  const before = text.slice(Math.max(0, index - 40), index);
  const after = text.slice(index + length, index + length + 3);
  if (CAPITALISED_NEIGHBOUR_AFTER.test(after)) return true;
  return CAPITALISED_NEIGHBOUR_BEFORE.test(before) && !SENTENCE_START.test(before);
}

// A country word followed by a legal form or an industry names a company, not the country ("Pacific Gas",
// "British Airways"); so does one after "Air" (an airline).
const COMPANY_AFTER = new RegExp(`^\\s+(?:${[...COMPANY_WORDS].join('|')})\\b`, 'u');
const COMPANY_BEFORE = /\bAir\s+$/;
// Seas and gulfs named after a country are not the country ("Gulf of Mexico", "Sea of Japan").
const WATER_BEFORE = /\b(?:Gulf|Sea|Bay|Strait|Straits) of\s+$/;

interface Hit {
  code: string;
  spelling: string;
  order: number;
}

function collectHits(
  text: string,
  pattern: RegExp,
  codeOf: Map<string, string | null>,
  offset: number,
): Hit[] {
  const hits: Hit[] = [];
  for (const match of text.matchAll(pattern)) {
    const spelling = match[0];
    const code = codeOf.get(spelling) ?? codeOf.get(canonicalSpelling(spelling, codeOf));
    if (!code) continue;
    if (FIRST_NAMES.has(spelling) && isPersonName(text, match.index, spelling.length)) continue;
    const after = text.slice(match.index + spelling.length, match.index + spelling.length + 20);
    const before = text.slice(Math.max(0, match.index - 12), match.index);
    if (COMPANY_AFTER.test(after) || COMPANY_BEFORE.test(before) || WATER_BEFORE.test(before)) continue;
    hits.push({ code, spelling, order: offset + match.index });
  }
  return hits;
}

// In an all-capitals title the matched text ("NORTH KOREA") must be mapped back to its spelling.
let upperSpellings: Map<string, string> | null = null;
function canonicalSpelling(spelling: string, codeOf: Map<string, string | null>): string {
  if (!upperSpellings) {
    upperSpellings = new Map();
    for (const known of codeOf.keys())
      if (!upperSpellings.has(known.toUpperCase())) upperSpellings.set(known.toUpperCase(), known);
  }
  return upperSpellings.get(spelling.toUpperCase()) ?? spelling;
}

/** Countries named in a title and body, in order of first mention. */
export function findCountries(title: string, text: string, titleIsAllCaps: boolean): CountryMention[] {
  const { pattern, anyCasePattern, codeOf, nameOf, capitalOf } = getGazetteer();
  const hits = [
    ...collectHits(title, titleIsAllCaps ? anyCasePattern : pattern, codeOf, 0),
    ...collectHits(text, pattern, codeOf, title.length + 1),
  ];
  const whole = `${title}\n${text}`;
  const spellingsByCode = new Map<string, Set<string>>();
  for (const hit of hits) {
    const spellings = spellingsByCode.get(hit.code) ?? new Set<string>();
    spellings.add(canonicalSpelling(hit.spelling, codeOf));
    spellingsByCode.set(hit.code, spellings);
  }
  const corroborated = (code: string) => {
    const spellings = spellingsByCode.get(code)!;
    if ([...spellings].some((spelling) => !NEEDS_CORROBORATION.has(spelling)) || spellings.size > 1)
      return true;
    return (capitalOf.get(code) ?? []).some((capital) => whole.includes(capital));
  };
  const seen = new Set<string>();
  const countries: CountryMention[] = [];
  for (const hit of hits.sort((a, b) => a.order - b.order)) {
    if (seen.has(hit.code) || !corroborated(hit.code)) continue;
    seen.add(hit.code);
    countries.push({ code: hit.code, name: nameOf.get(hit.code) ?? hit.code });
  }
  return countries;
}

/** Every spelling the gazetteer knows, so entity extraction can tell places from people. */
export function isCountrySpelling(text: string): boolean {
  return getGazetteer().codeOf.has(text);
}
