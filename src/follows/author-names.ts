import { MAX_NAME_TEXT, nameWords, spellingsOf } from './name-text.js';

/**
 * Author names as feeds and people write them, compared the way a reader would:
 *
 * - accents, case and TeX escapes do not matter: "José García" = "Jose Garcia" = "JOSE GARCIA" = `Jos\'e Garc\'ia`;
 *   "Müller" is also "Mueller";
 * - "Last, First" is the same as "First Last", and "LeCun Y." (surname, then initials) too;
 * - a given name matches its initial, one by one: "Y. LeCun" = "Yann LeCun", "J.-B. Say" = "J. B. Say" = "Jean-Baptiste Say";
 *   later given names are optional ("Geoffrey E. Hinton" = "Geoffrey Hinton") but may not conflict
 *   ("Geoffrey E. Hinton" ≠ "Geoffrey F. Hinton"); "Xiaoyu" = "Xiao-Yu" = "Xiao Yu";
 * - the first given name must agree: "Yann LeCun" ≠ "Mark LeCun", "Y. LeCun" ≠ "M. LeCun";
 * - surname particles belong to the surname and spacing inside it does not matter
 *   ("Yann Le Cun" = "Yann LeCun", "van der Maaten" = "Van Der Maaten" = "vanderMaaten"),
 *   but a surname written without its particles still matches ("L. Maaten" = "Laurens van der Maaten");
 * - a double surname matches its first part ("Lucía García" = "Lucía García López" = "Lucía García-López"),
 *   not its second (Spanish and Portuguese authors are cited by the first);
 * - a full name may be written surname first without a comma ("Zhang Wei" = "Wei Zhang", "LECUN Yann" =
 *   "Yann LeCun", "Lê Dũng Linh" = "Dũng Linh Lê"): nobody can tell which word is the surname. Read
 *   that way, the given names must be the very same words; with initials the order must be the usual one.
 *
 * Not handled (documented limits): nicknames ("Bob" for "Robert"), someone known by a middle
 * name ("J. Robert Oppenheimer" vs "Robert Oppenheimer"), all-caps initials without dots
 * ("JB Smith": "JB" is read as a name, so a Chinese "LI Wei" is not misread as initials), and
 * transliteration between scripts.
 */
export interface AuthorName {
  /** The name as written, without what is not a name (affiliations, mentions, symbols); given names first. */
  readonly display: string;
  /** One form per person-as-written: `lecun, yann`; "LeCun, Yann", "YANN LE CUN" and "Yann LeCun" share it. */
  readonly key: string;
  /** The ways the name can be split into given names and surname (one, or two for "Lucía García López"). */
  readonly readings: readonly NameReading[];
}

export interface NameReading {
  readonly given: readonly NamePart[];
  /**
   * Read against the usual order (surname first, "Zhang Wei", "LECUN Yann"): such a reading only
   * meets one whose given names are the very same words, none an initial.
   */
  readonly reversed: boolean;
  /** The surname joined without spaces or hyphens, in each spelling: `lecun`, `vandermaaten`, `garcialopez`. */
  readonly whole: readonly string[];
  /** `whole` plus the shorter forms it is cited by: without particles (`maaten`), first of two surnames (`garcia`). */
  readonly forms: readonly string[];
}

export interface NamePart {
  /** Folded spellings, plain first. */
  readonly spellings: readonly string[];
  /** Its first letter (folded): all that an initial says. */
  readonly letter: string;
  readonly initial: boolean;
  /** The second or later part of one hyphenated word ("Yan" of "Jun-Yan"): a name of its own, not an optional middle name. */
  readonly joined?: boolean;
}

interface Word {
  readonly written: string;
  readonly parts: readonly NamePart[];
  readonly folded: string;
}

/** Lowercase words that join a surname ("van der", "de la", "bin", "Ó"); never the surname's last word. */
const PARTICLES = new Set([
  'van',
  'von',
  'vom',
  'der',
  'den',
  'de',
  'del',
  'della',
  'delle',
  'dei',
  'degli',
  'di',
  'da',
  'das',
  'dos',
  'do',
  'du',
  'des',
  'la',
  'le',
  'lo',
  'ter',
  'ten',
  'te',
  'zu',
  'zum',
  'zur',
  'bin',
  'binti',
  'ibn',
  'al',
  'el',
  'mac',
  'ni',
  'o',
]);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq']);
const TITLES = new Set(['dr', 'prof', 'professor', 'mr', 'mrs', 'ms', 'sir', 'dame']);
/** More words than any real name: pasted text. */
const MAX_NAME_WORDS = 12;
/** Spelling combinations kept per surname (umlauts double them). */
const MAX_FORMS = 8;

function partOf(text: string): NamePart | undefined {
  const spellings = spellingsOf(text).filter((s) => s !== '');
  const plain = spellings[0];
  if (plain === undefined) return undefined;
  const letter = String.fromCodePoint(plain.codePointAt(0)!);
  // One letter of a cased script is an initial; a one-character Chinese name (李, 伟) is a name.
  return { spellings, letter, initial: letter === plain && /\p{Ll}/u.test(letter) };
}

function wordOf(written: string): Word | undefined {
  const parts = written
    .split(/[-\u2010\u2011.]+/)
    .map(partOf)
    .filter((p): p is NamePart => p !== undefined)
    .map((p, i) => (i > 0 ? { ...p, joined: true } : p));
  if (parts.length === 0) return undefined;
  return { written, parts, folded: parts.map((p) => p.spellings[0]).join('') };
}

const isInitials = (word: Word): boolean => word.parts.every((p) => p.initial);
/** "Ó" is the Irish particle, not an initial; other one-letter words are initials. */
const isParticle = (word: Word): boolean => PARTICLES.has(word.folded) && (word.folded.length > 1 || word.written.toLowerCase() === 'ó');

function combinations(parts: readonly NamePart[]): string[] {
  let joined = [''];
  for (const part of parts) joined = joined.flatMap((prefix) => part.spellings.map((s) => prefix + s)).slice(0, MAX_FORMS);
  return joined;
}

function readingOf(given: readonly Word[], family: readonly Word[], reversed = false): NameReading | undefined {
  const givenParts = given.flatMap((w) => w.parts);
  const familyParts = family.flatMap((w) => w.parts);
  if (givenParts.length === 0 || familyParts.every((p) => p.initial)) return undefined;
  // A particle is a particle only before the surname's last part: "Quoc V. Le" has the surname Le.
  const core = familyParts.filter((p, i) => i === familyParts.length - 1 || !PARTICLES.has(p.spellings[0]!));
  const whole = combinations(familyParts);
  const forms = new Set([...whole, ...combinations(core)]);
  if (core.length > 1) for (const s of core[0]!.spellings) forms.add(s);
  return { given: givenParts, reversed, whole, forms: [...forms] };
}

/** "First [Middle] [particles] Last", "Last F." or, for three words and more, the last two as a double surname. */
function unorderedReadings(words: readonly Word[]): NameReading[] {
  const last = words.length - 1;
  const initialsFrom = words.findIndex((_, i) => i > 0 && words.slice(i).every(isInitials));
  if (initialsFrom > 0 && !isInitials(words[0]!)) {
    const reading = readingOf(words.slice(initialsFrom), words.slice(0, initialsFrom));
    return reading ? [reading] : [];
  }
  let from = last;
  while (from - 1 >= 1 && isParticle(words[from - 1]!)) from -= 1;
  const readings = [readingOf(words.slice(0, from), words.slice(from))];
  const before = words[from - 1];
  if (from - 1 >= 1 && before && !isInitials(before) && !isParticle(before)) readings.push(readingOf(words.slice(0, from - 1), words.slice(from - 1)));
  // Without a comma, "Zhang Wei" may be surname first: read so too when every word is written out.
  if (!words.some(isInitials)) readings.push(readingOf(words.slice(1), words.slice(0, 1), true));
  return readings.filter((r): r is NameReading => r !== undefined);
}

/** Words without titles in front and generational suffixes ("Jr.", "III"), in comma-separated groups. */
function groupsOf(text: string): Word[][] {
  const groups: Word[][] = [[]];
  for (const written of nameWords(text)) {
    if (written === ',') {
      groups.push([]);
      continue;
    }
    const word = wordOf(written);
    if (word && !(word.parts.length === 1 && SUFFIXES.has(word.folded))) groups.at(-1)!.push(word);
  }
  const kept = groups.filter((g) => g.length > 0);
  const first = kept[0];
  while (first && first.length > 2 && TITLES.has(first[0]!.folded)) first.shift();
  return kept;
}

/** The name in `text`, or undefined when it holds none (one word, only symbols, a mention, far too long). */
export function parseAuthorName(text: string): AuthorName | undefined {
  if (text.length > MAX_NAME_TEXT) return undefined;
  const groups = groupsOf(text);
  const words = groups.flat();
  if (words.length < 2 || words.length > MAX_NAME_WORDS) return undefined;
  // "LeCun, Yann": the order is stated; more commas are more given names ("Smith, John, Paul" is rare but harmless).
  const ordered = groups.length >= 2;
  const given = ordered ? groups.slice(1).flat() : [];
  const family = ordered ? groups[0]! : [];
  const readings = ordered ? [readingOf(given, family)].filter((r): r is NameReading => r !== undefined) : unorderedReadings(words);
  const main = readings[0];
  if (main === undefined) return undefined;
  const display = (ordered ? [...given, ...family] : words).map((w) => w.written).join(' ');
  const key = `${main.whole[0]}, ${main.given.map((p) => p.spellings[0]).join(' ')}`;
  return { display, key, readings };
}

/** The form that tells whether two follows are the same person-as-written; undefined when `text` holds no name. */
export function authorKey(text: string): string | undefined {
  return parseAuthorName(text)?.key;
}

function partsFit(a: NamePart, b: NamePart): boolean {
  if (a.initial || b.initial) return a.letter === b.letter;
  return a.spellings.some((s) => b.spellings.includes(s));
}

const joinedSpellings = (parts: readonly NamePart[]): string[] => [parts.map((p) => p.spellings[0]).join(''), parts.map((p) => p.spellings.at(-1)).join('')];

/** The very same given names, all written out: what a reversed reading asks. */
function sameGiven(a: readonly NamePart[], b: readonly NamePart[]): boolean {
  return a.length === b.length && a.every((p, i) => !p.initial && !b[i]!.initial && partsFit(p, b[i]!));
}

/** Given names, one by one as far as both go; or, all written out, the same letters ("Xiaoyu" = "Xiao-Yu"). */
function givenFit(a: readonly NamePart[], b: readonly NamePart[]): boolean {
  const shared = Math.min(a.length, b.length);
  let fits = shared > 0;
  for (let i = 0; fits && i < shared; i += 1) fits = partsFit(a[i]!, b[i]!);
  if (fits && !cutsHyphenatedName(a, b, shared)) return true;
  if (a.some((p) => p.initial) || b.some((p) => p.initial)) return false;
  const joined = joinedSpellings(b);
  return joinedSpellings(a).some((s) => joined.includes(s));
}

/**
 * "Jun" against "Jun-Yan": the shorter name, written out, stops inside the other's
 * hyphenated given name, so they are two people (Jun Zhu and Jun-Yan Zhu both publish a
 * lot). A missing middle name ("Geoffrey Hinton" for "Geoffrey E. Hinton") or an initial
 * ("J. Zhu") still fits.
 */
function cutsHyphenatedName(a: readonly NamePart[], b: readonly NamePart[], shared: number): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const next = longer[shared];
  return next?.joined === true && !next.initial && shorter[shared - 1]?.initial === false;
}

/** One surname is among the forms the other is cited by. */
const surnamesMeet = (a: NameReading, b: NameReading): boolean => a.whole.some((s) => b.forms.includes(s)) || b.whole.some((s) => a.forms.includes(s));

/** Whether two parsed names can be the same person (symmetric). */
export function namesMatch(a: AuthorName, b: AuthorName): boolean {
  return a.readings.some((ra) => b.readings.some((rb) => (ra.reversed || rb.reversed ? reversedMatch(ra, rb) : surnamesMeet(ra, rb) && givenFit(ra.given, rb.given))));
}

/**
 * A surname-first reading ("Zhang Wei") asks for the very same names: whole surnames, not one
 * of a double surname's parts, or "Jun-Yan Zhu" read backwards would be "Jun" and meet "Jun Zhu".
 */
function reversedMatch(a: NameReading, b: NameReading): boolean {
  return a.whole.some((s) => b.whole.includes(s)) && sameGiven(a.given, b.given);
}

/** Whether the author of a paper is the person followed; false when either text holds no name. */
export function authorNamesMatch(followed: string, author: string): boolean {
  const a = parseAuthorName(followed);
  const b = parseAuthorName(author);
  return a !== undefined && b !== undefined && namesMatch(a, b);
}

/**
 * Look-up keys for an index of names: a surname form and the first given name's letter.
 * Two names that match always share one (their surnames meet in a form, and every way of
 * fitting given names starts with the same letter), so a matcher only compares names that do.
 */
export function nameIndexKeys(name: AuthorName): string[] {
  return [...new Set(name.readings.flatMap((r) => r.forms.map((form) => `${form} ${r.given[0]!.letter}`)))];
}
