import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthorPool } from '../../../bench/realistic/author-names.js';
import { authorKey, authorNamesMatch, nameIndexKeys, parseAuthorName } from '../../../src/follows/author-names.js';
import { foldName } from '../../../src/follows/name-text.js';
import { fixtureAuthors } from '../../helpers/fixture-papers.js';

const same = (a: string, b: string) => expect(authorNamesMatch(a, b), `${a} = ${b}`).toBe(true);
const differ = (a: string, b: string) => expect(authorNamesMatch(a, b), `${a} ≠ ${b}`).toBe(false);

describe('author names: the same person however it is written', () => {
  it.each([
    ['Yann LeCun', ['Y. LeCun', 'LeCun, Yann', 'Yann Lecun', 'YANN LECUN', 'yann lecun', 'LeCun, Y.', 'LeCun Y.', 'LeCun Y', 'Yann Le Cun', 'Prof. Yann LeCun', 'Yann LeCun (NYU)']],
    ['José García', ['Jose Garcia', 'J. García', 'J. Garcia', 'García, José', 'JOSÉ GARCÍA', "Jos\\'e Garc\\'ia", "Jos\\'{e} Garc{\\'i}a"]],
    ['Jean-Baptiste Say', ['J.-B. Say', 'J. B. Say', 'J.B. Say', 'Jean Baptiste Say', 'J. Say', 'Say, Jean-Baptiste', 'Say, J.-B.']],
    ['Geoffrey E. Hinton', ['Geoffrey Hinton', 'G. E. Hinton', 'G. Hinton', 'Geoffrey Everest Hinton', 'Hinton, Geoffrey E.', 'Hinton G.E.']],
    ['Laurens van der Maaten', ['L. van der Maaten', 'Laurens Van Der Maaten', 'Laurens vanderMaaten', 'van der Maaten, Laurens', 'L. Maaten']],
    ['Wei Zhang', ['Zhang Wei', 'Zhang, Wei', 'W. Zhang', 'WEI ZHANG', 'ZHANG Wei']],
    ['Dũng Linh Lê', ['Lê Dũng Linh', 'Dung Linh Le', 'D. L. Lê']],
    ['李 伟', ['伟 李', '李, 伟']],
    ['Lucía García López', ['Lucía García', 'L. García', 'Lucia Garcia-Lopez', 'García López, Lucía', 'L. López']],
    ['Hannah M\\"uller', ['Hannah Müller', 'Hannah Mueller', 'H. Muller', 'Müller, Hannah']],
    ['Robert Smith, Jr.', ['Robert Smith', 'R. Smith', 'Smith, Robert', 'Smith Jr., Robert']],
    ['Xiaoyu Wang', ['Xiao-Yu Wang', 'Xiao Yu Wang', 'X. Wang', 'X.-Y. Wang']],
    ['Łukasz Kaiser', ['Lukasz Kaiser', 'Ł. Kaiser', 'L. Kaiser']],
    ['Søren Østergaard', ['Soren Ostergaard', 'S. Østergaard']],
    ['Zoë Ó Briain', ["Zoe O'Briain", 'Zoë Ó Briain', 'Z. Ó Briain']],
    ['Quoc V. Le', ['Quoc Le', 'Q. V. Le', 'Le, Quoc V.']],
    ['Omar Al-Rashid', ['Omar Rashid', 'O. Al-Rashid', 'Omar Al Rashid']],
    ["Paulo Andr\\'e Lima de Castro", ['Paulo André Lima de Castro', 'Paulo Castro', 'P. A. L. de Castro', 'Paulo Lima de Castro']],
  ])('%s', (name, forms) => {
    for (const form of forms) same(name, form);
  });

  it('gives one key to one person-as-written, order, case, accents and particle spacing aside', () => {
    const key = authorKey('Yann LeCun');
    for (const form of ['LeCun, Yann', 'YANN LECUN', 'Yann Le Cun', 'yann lecun', ' Yann   LeCun ']) expect(authorKey(form), form).toBe(key);
    // An initial is another key: the commands helper decides whether it repeats a follow.
    expect(authorKey('Y. LeCun')).not.toBe(key);
    expect(authorKey('Mark LeCun')).not.toBe(key);
  });
});

describe('author names: different people stay apart', () => {
  it('keeps a hyphenated given name whole: Jun Zhu is not Jun-Yan Zhu, either way round or surname first', () => {
    const apart: ReadonlyArray<readonly [string, string]> = [
      ['Jun Zhu', 'Jun-Yan Zhu'],
      ['Jun-Yan Zhu', 'Jun Zhu'],
      ['Wei Zhang', 'Wei-Ming Zhang'],
      ['Jean-Baptiste Mouret', 'Jean Mouret'],
      ['Xiao Wang', 'Xiaoyu Wang'],
    ];
    for (const [followed, author] of apart) expect([followed, author, authorNamesMatch(followed, author)]).toEqual([followed, author, false]);
    const same: ReadonlyArray<readonly [string, string]> = [
      ['Xiaoyu Wang', 'Xiao-Yu Wang'],
      ['Jun-Yan Zhu', 'Junyan Zhu'],
      ['Jun-Yan Zhu', 'J.-Y. Zhu'],
      ['J. Zhu', 'Jun-Yan Zhu'],
      ['Jean-Baptiste Mouret', 'J.-B. Mouret'],
      ['Jean-Baptiste Mouret', 'J. B. Mouret'],
      ['Geoffrey Hinton', 'Geoffrey E. Hinton'],
    ];
    for (const [followed, author] of same) expect([followed, author, authorNamesMatch(followed, author)]).toEqual([followed, author, true]);
  });

  it.each([
    ['Yann LeCun', 'Mark LeCun'],
    ['Y. LeCun', 'M. LeCun'],
    ['Yann LeCun', 'M. LeCun'],
    ['Geoffrey E. Hinton', 'Geoffrey F. Hinton'],
    ['Jean-Baptiste Say', 'Jean-Pierre Say'],
    ['J.-B. Say', 'J.-P. Say'],
    ['Z. Wei', 'Wei Zhang'],
    ['Laurens van der Maaten', 'Laurens van der Berg'],
    ['Quoc Le', 'Yann Le Cun'],
    ['Wei Zhang', 'Wei Zhao'],
    ['Min-ji Kim', 'Min-seo Kim'],
    // Surname first is read only with the very same given names written out.
    ['Dũng Linh Lê', 'Linh Dũng Lê'],
    ['LECUN Yann', 'Y. LeCun'],
  ])('%s ≠ %s', (a, b) => {
    differ(a, b);
    differ(b, a);
  });
});

/** Written forms of a real author string, made without the parser: the last word as surname, as bibliographies do. */
function writtenForms(author: string): string[] {
  const words = author.replace(/,\s*(Jr\.?|Sr\.?|I{2,3}|IV)$/, '').split(' ');
  const last = words.at(-1)!;
  const given = words.slice(0, -1);
  const initial = (w: string) => `${[...w][0]}.`;
  return [
    `${last}, ${given.join(' ')}`,
    `${initial(given[0]!)} ${last}`,
    `${given.map(initial).join(' ')} ${last}`,
    `${given[0]} ${last}`,
    author.toUpperCase(),
    author.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''),
    `${last} ${given.map(initial).join('')}`,
  ];
}

/** Distinct authors sharing a surname whose first given names plainly differ ("Wei Zhang", "Yi Zhang"). */
function plainlyDifferent(a: string, b: string): boolean {
  const [ga, gb] = [a, b].map((n) => n.split(' ').slice(0, -1));
  const first = (g: string[]) => foldName(g[0]!.split('-')[0]!);
  const joined = (g: string[]) => g.map(foldName).join('').replace(/-/g, '');
  return first(ga!).length > 1 && first(gb!).length > 1 && first(ga!) !== first(gb!) && joined(ga!) !== joined(gb!);
}

function checkRealAuthors(authors: readonly string[]): void {
  for (const author of authors) {
    const parsed = parseAuthorName(author);
    expect(parsed, author).toBeDefined();
    for (const form of writtenForms(author)) same(form, author);
  }
  const bySurname = new Map<string, string[]>();
  for (const author of authors) {
    const surname = foldName(author.replace(/,.*$/, '').split(' ').at(-1)!);
    bySurname.set(surname, [...(bySurname.get(surname) ?? []), author]);
  }
  let pairs = 0;
  for (const group of bySurname.values()) {
    for (const a of group) {
      for (const b of group) {
        if (a >= b || !plainlyDifferent(a, b)) continue;
        pairs += 1;
        differ(a, b);
      }
    }
  }
  if (authors.length > 1000) expect(pairs).toBeGreaterThan(1000);
}

describe('author names: the real author strings of the feed fixtures and the bench corpora', () => {
  it('every fixture author matches its own "Last, First", initial and folded forms, and none collides with another', () => {
    const authors = fixtureAuthors().filter((a) => a.split(' ').length >= 2);
    expect(authors.length).toBeGreaterThan(50);
    expect(authors).toContain('Hannah M\\"uller');
    expect(authors).toContain("Paulo Andr\\'e Lima de Castro");
    checkRealAuthors(authors);
  });

  it('so do 4,000 realistic names (accents, particles, double surnames, common Chinese surnames)', () => {
    const pool = new AuthorPool(7);
    const authors = [...new Set(Array.from({ length: 4000 }, (_, rank) => pool.nameAt(rank)))];
    checkRealAuthors(authors);
  });

  it('a single word (an HF user name, a bare surname) is no name to follow or match', () => {
    expect(parseAuthorName('akhaliq')).toBeUndefined();
    expect(parseAuthorName('LeCun')).toBeUndefined();
    differ('akhaliq', 'akhaliq');
  });
});

describe('author names: hostile and odd input', () => {
  it.each([
    ['empty', ''],
    ['blank', '   \n\t '],
    ['a mention', '<!channel>'],
    ['everyone', '@everyone'],
    ['a user mention', '<@U12345>'],
    ['a script', '<script>alert(1)</script>'],
    ['emoji only', '🤖 🎉'],
    ['digits', '12345 67890'],
    ['10,000 characters', 'Yann LeCun '.repeat(910)],
    ['a URL', 'https://example.org/yann'],
  ])('%s holds no name', (_why, text) => {
    expect(parseAuthorName(text)).toBeUndefined();
  });

  it('keeps the name out of markup, mentions, emoji, bidi overrides and invisible characters', () => {
    for (const text of ['*Yann* LeCun', '<@U123> Yann LeCun', 'Yann 🤖 LeCun', 'Yann\u202e LeCun', 'Ya\u200bnn LeCun', '@everyone Yann LeCun', '`Yann` LeCun']) {
      const parsed = parseAuthorName(text);
      expect(parsed?.display, text).toBe('Yann LeCun');
      same(text, 'Y. LeCun');
    }
  });

  it('reads names in other scripts as they are written (no transliteration)', () => {
    same('محمد علي', 'محمد علي');
    same('Алексей Иванов', 'Иванов, Алексей');
    differ('Алексей Иванов', 'Aleksei Ivanov');
  });

  it('never throws, never shows what is not a name, and two matching names always share an index key', () => {
    const unit = fc.constantFrom('a', 'B', 'é', ' ', ',', '.', '-', "'", '<', '@', '!', '*', '_', '`', '\\', '"', '{', '😀', '\u202e', 'ß', 'Ø', 'J', 'van', 'de', 'Le');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), fc.string({ unit, maxLength: 40 }), (a, b) => {
        const pa = parseAuthorName(a);
        const pb = parseAuthorName(b);
        if (pa) expect(pa.display).not.toMatch(/[<@!*_`\\"{}\u202e😀]/u);
        if (pa && pb && authorNamesMatch(a, b)) expect(nameIndexKeys(pa).some((k) => nameIndexKeys(pb).includes(k))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
