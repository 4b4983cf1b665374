// Owns reading the dates feeds and pages actually write (RFC 822 in its many dialects, ISO 8601 / W3CDTF in
// full or in part, asctime, slashed dates, numeric dates among other languages' words) into ISO 8601 UTC
// without milliseconds; a date that cannot be read is null, never an error.

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  janv: 1,
  jän: 1,
  ene: 1,
  gen: 1,
  feb: 2,
  february: 2,
  febr: 2,
  fév: 2,
  fev: 2,
  févr: 2,
  mar: 3,
  march: 3,
  mär: 3,
  mrz: 3,
  mars: 3,
  marz: 3,
  apr: 4,
  april: 4,
  avr: 4,
  abr: 4,
  may: 5,
  mai: 5,
  mei: 5,
  mag: 5,
  mayo: 5,
  jun: 6,
  june: 6,
  juin: 6,
  juni: 6,
  giu: 6,
  jul: 7,
  july: 7,
  juil: 7,
  juli: 7,
  lug: 7,
  aug: 8,
  august: 8,
  aoû: 8,
  aou: 8,
  ago: 8,
  sep: 9,
  sept: 9,
  september: 9,
  set: 9,
  oct: 10,
  october: 10,
  okt: 10,
  ott: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
  dez: 12,
  déc: 12,
  dic: 12,
};

/** Offsets in minutes east of UTC for the zone names feeds use. */
const ZONES: Readonly<Record<string, number>> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
  bst: 60,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  mez: 60,
  mesz: 120,
  west: 60,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  sgt: 480,
  hkt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

const ZONE = String.raw`(Z|[A-Za-z]{1,5}|[+-]\d{1,2}(?::?\d{1,2})?)`;
// "2004-01-05T14:05:09+01:00", "2004-1-5 14:05", "2006-01-17T12:35:9+01:00", "2003-12", "2003"
const ISO_EXTENDED = new RegExp(
  String.raw`^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T\s]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d+)?)?)?\s*${ZONE}?$`,
);
// "20040105T140509Z", "20040105"
const ISO_BASIC = new RegExp(
  String.raw`^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?)?\s*${ZONE}?$`,
);

// "Sun, 05 Jan 2004 14:05:00 +0100", "5 Jan 04", "Tue, 10 June 2003 04:00:00 -0400", "05-Jan-2004 14:05"
const RFC_822 =
  /^(?:[^\d\s,]+\.?,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([^\d\s\-/.,]+)\.?,?[\s\-/.]+(\d{2,4})(?:[\s,T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(am|pm)?)?\s*(.*)$/i;

// "Sun Jan  4 16:29:06 PST 2004" (asctime) and "January 5, 2004 2:05 PM EST"
const MONTH_FIRST =
  /^(?:[^\d\s,]+\.?,?\s+)?([^\d\s,.]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{4}),?\s*)?(?:(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?\s*(\d{4})?$/i;

/** Parses a date leniently; returns ISO 8601 UTC without milliseconds, or null. */
export function parseDate(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.replace(/\s+/g, ' ').trim();
  // Dates are short; the cap keeps the lenient patterns below cheap on hostile input.
  if (!text || text.length > 120) return null;
  const millis =
    parseIso(text) ??
    parseRfc822(text) ??
    parseMonthFirst(text) ??
    parseFallback(text) ??
    parseEmbedded(text);
  if (millis === null || !Number.isFinite(millis)) return null;
  const year = new Date(millis).getUTCFullYear();
  if (year < 1000 || year > 9999) return null;
  return new Date(millis).toISOString().replace('.000Z', 'Z');
}

function parseIso(text: string): number | null {
  const match = ISO_EXTENDED.exec(text) ?? ISO_BASIC.exec(text);
  if (!match) return null;
  const [, year, month = '1', day = '1', hour = '0', minute = '0', second = '0', zone] = match;
  const offset = zoneOffset(zone);
  if (offset === null) return null;
  return utc(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), offset);
}

function parseRfc822(text: string): number | null {
  const match = RFC_822.exec(text);
  if (!match) return null;
  const [, day = '', monthName = '', year = '', hour, minute, second, meridiem, rest = ''] = match;
  const zone = rest.trim().split(' ')[0];
  return fromNamedMonth({ year: fullYear(year), monthName, day, hour, minute, second, meridiem, zone });
}

function parseMonthFirst(text: string): number | null {
  const match = MONTH_FIRST.exec(text);
  if (!match) return null;
  const [, monthName = '', day = '', yearBefore, hour, minute, second, meridiem, zone, yearAfter] = match;
  const year = yearBefore ?? yearAfter;
  if (!year) return null;
  return fromNamedMonth({ year: Number(year), monthName, day, hour, minute, second, meridiem, zone });
}

interface NamedMonthDate {
  year: number;
  monthName: string;
  day: string;
  hour: string | undefined;
  minute: string | undefined;
  second: string | undefined;
  meridiem: string | undefined;
  zone: string | undefined;
}

function fromNamedMonth(date: NamedMonthDate): number | null {
  const month = MONTHS[date.monthName.toLowerCase()];
  const offset = zoneOffset(date.zone);
  if (month === undefined || offset === null) return null;
  const hour = to24h(Number(date.hour ?? 0), date.meridiem);
  return utc(
    date.year,
    month,
    Number(date.day),
    hour,
    Number(date.minute ?? 0),
    Number(date.second ?? 0),
    offset,
  );
}

/** A year V8 can read: four digits, or two at the end of a slashed or dotted date ("1/10/20"). */
const HAS_YEAR = /(?<!\d)\d{4}(?!\d)|(?<![\d.])\d{1,2}([./-])\d{1,2}\1\d{2}(?![\d.])/;

/**
 * Last resort for shapes like "2020/1/10 14:33:00": V8's parser, reading zone-less values as UTC. Only when
 * there is a year: without one, V8 makes one up (2001) for strings such as "2", "1.5" or "5 May".
 */
function parseFallback(text: string): number | null {
  if (!HAS_YEAR.test(text)) return null;
  const hasZone = /(?:[+-]\d{2}:?\d{2}|\b(?:z|gmt|utc|ut|[a-z]{2,4}t))$/i.test(text);
  const millis = Date.parse(hasZone ? text : `${text} UTC`);
  if (Number.isFinite(millis)) return millis;
  const plain = Date.parse(text);
  return Number.isFinite(plain) ? plain : null;
}

const EMBEDDED_YMD = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;
const EMBEDDED_DMY = /(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)/;
const EMBEDDED_TIME = /(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?/;
const EMBEDDED_ZONE = /([+-]\d{2}:?\d{2})\s*$/;
const AFTERNOON = /\bp\.?m\b|오후|午後|下午/i;

/**
 * For dates written in other languages ("2004-05-25 오후 11:23:17", "25.05.2004 11:23"): a numeric date
 * and time found anywhere in the text. Dotted and dashed day-month-year is the European order; slashes
 * are read month first unless the first number cannot be a month.
 */
function parseEmbedded(text: string): number | null {
  let year: number;
  let month: number;
  let day: number;
  const ymd = EMBEDDED_YMD.exec(text);
  const dmy = ymd ? null : EMBEDDED_DMY.exec(text);
  if (ymd) [year, month, day] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  else if (dmy) {
    const [first, second] = [Number(dmy[1]), Number(dmy[3])];
    const monthFirst = dmy[2] === '/' && first <= 12;
    [year, month, day] = [Number(dmy[4]), monthFirst ? first : second, monthFirst ? second : first];
  } else return null;
  const time = EMBEDDED_TIME.exec(text.slice((ymd ?? dmy)?.index ?? 0));
  const hour = time ? to24h(Number(time[1]), AFTERNOON.test(text) ? 'pm' : undefined) : 0;
  const offset = zoneOffset(EMBEDDED_ZONE.exec(text)?.[1]) ?? 0;
  return utc(year, month, day, hour, Number(time?.[2] ?? 0), Number(time?.[3] ?? 0), offset);
}

/** Minutes east of UTC; undefined or empty means UTC; an unknown name is null. */
function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const numeric = /^([+-])(\d{1,2}):?(\d{1,2})?$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const named = ZONES[zone.toLowerCase().replace(/[()]/g, '')];
  if (named !== undefined) return named;
  // RFC 822 military zones are used inconsistently in practice; treat them as UTC rather than guess.
  return /^[a-z]$/i.test(zone) ? 0 : null;
}

function fullYear(text: string): number {
  const year = Number(text);
  if (text.length > 2) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

function to24h(hour: number, meridiem: string | undefined): number {
  if (!meridiem) return hour;
  const pm = meridiem.toLowerCase() === 'pm';
  if (hour === 12) return pm ? 12 : 0;
  return pm ? hour + 12 : hour;
}

function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offset: number,
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) - offset * 60_000;
}
