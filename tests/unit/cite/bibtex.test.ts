import { describe, expect, it } from 'vitest';
import { bibtexEntry, bibtexFile, citationKey, PaperSchema, type Paper } from '../../../src/index.js';
import { fullName, parseBibtex, parseOneEntry, typeset } from '../../helpers/bibtex-parse.js';
import { shippedCollection } from '../../helpers/shipped-corpus.js';

const paper = (fields: Partial<Paper> & { title: string }): Paper => PaperSchema.parse({ id: 'p1', ...fields });

const arxivPaper = paper({
  id: 'attention',
  title: 'Attention Is All You Need',
  authors: ['Ashish Vaswani', 'Noam Shazeer', 'Łukasz Kaiser'],
  arxivId: '1706.03762',
  url: 'https://huggingface.co/papers/1706.03762',
  appearances: [{ source: 'arxiv:cs.CL', date: '2017-06-13' }],
});

describe('bibtexEntry: arXiv papers', () => {
  it('cites an arXiv paper the way arXiv does: eprint, archivePrefix, primaryClass, the arXiv DOI and the abstract page', () => {
    const text = bibtexEntry(arxivPaper);
    const entry = parseOneEntry(text);
    expect(entry.type).toBe('misc');
    expect(entry.key).toBe('vaswani2017attention');
    expect(entry.fields.title).toBe('Attention Is All You Need');
    expect(entry.fields.year).toBe('2017');
    expect(entry.fields.eprint).toBe('1706.03762');
    expect(entry.fields.archiveprefix).toBe('arXiv');
    expect(entry.fields.primaryclass).toBe('cs.CL');
    expect(entry.fields.doi).toBe('10.48550/arXiv.1706.03762');
    expect(entry.fields.url).toBe('https://arxiv.org/abs/1706.03762');
    expect(entry.fields.author?.map(fullName)).toEqual(['Ashish Vaswani', 'Noam Shazeer', 'Łukasz Kaiser']);
  });

  it('leaves primaryClass out when the corpus has not seen the category, or has seen two (one of them a cross-list)', () => {
    expect(parseOneEntry(bibtexEntry({ ...arxivPaper, appearances: [] })).fields.primaryclass).toBeUndefined();
    const twice = {
      ...arxivPaper,
      appearances: [
        { source: 'arxiv:cs.CL', date: '2017-06-13' },
        { source: 'arxiv:cs.LG', date: '2017-06-13' },
      ],
    };
    expect(parseOneEntry(bibtexEntry(twice)).fields.primaryclass).toBeUndefined();
    const hostile = { ...arxivPaper, appearances: [{ source: 'arxiv:cs.LG} @misc{evil', date: '2017-06-13' }] };
    expect(parseOneEntry(bibtexEntry(hostile)).fields.primaryclass).toBeUndefined();
  });

  it('takes the year from the arXiv id, old-style ids included, before any other date', () => {
    const late = { ...arxivPaper, arxivId: '2511.01234', publishedAt: '2026-01-02' };
    expect(parseOneEntry(bibtexEntry(late)).fields.year).toBe('2025');
    const old = { ...arxivPaper, arxivId: 'hep-th/9901001' };
    const entry = parseOneEntry(bibtexEntry(old));
    expect(entry.fields.year).toBe('1999');
    expect(entry.fields.doi).toBe('10.48550/arXiv.hep-th/9901001');
    expect(entry.fields.eprint).toBe('hep-th/9901001');
  });
});

describe('bibtexEntry: papers without an arXiv id', () => {
  it('is a @misc with the paper’s url and the year it was published, and no arXiv fields', () => {
    const entry = parseOneEntry(bibtexEntry(paper({ title: 'A Blog Post', authors: ['Ada Lovelace'], url: 'https://example.org/post?a=1&b=x_y%20z#top', publishedAt: '2024-03-01' })));
    expect(entry.type).toBe('misc');
    expect(entry.fields.url).toBe('https://example.org/post?a=1&b=x_y%20z#top');
    expect(entry.fields.year).toBe('2024');
    expect(entry.fields.eprint).toBeUndefined();
    expect(entry.fields.doi).toBeUndefined();
  });

  it('falls back to the first day the corpus saw it for the year, and leaves url out when there is none', () => {
    const entry = parseOneEntry(bibtexEntry(paper({ title: 'Only Seen in a Feed', appearances: [{ source: 'hf-trending', date: '2026-11-26' }] })));
    expect(entry.fields.year).toBe('2026');
    expect(entry.fields.url).toBeUndefined();
  });
});

describe('bibtexEntry: whatever a title holds', () => {
  const hostile = [
    'Fast & Furious: 50% of a_b in $O(n)$ with #tags',
    '<!channel> @everyone <@U123> </script> a|b x<y>z',
    'Braces {unbalanced and } more } { and \\textbf{bold} \\',
    'Tilde ~ and caret ^ and backslash \\ at the end\\',
    '} @misc{injected, title={pwned}',
    '}}}}}}',
    '{{{{{{',
    'Über die Größe: 深度学习 and モデル 🚀',
    'Line\nbreaks\tand\u0000control\u202echaracters',
    '%comment at the start',
  ];
  for (const title of hostile) {
    it(`round-trips ${JSON.stringify(title.slice(0, 40))}`, () => {
      const entry = parseOneEntry(bibtexEntry(paper({ title: title.replace(/\u0000/g, ' ') })));
      expect(entry.fields.title).toBe(title.replace(/[\s\u0000\u202e]+/g, ' ').trim());
    });
  }

  it('keeps braces balanced: the only braces are the writer’s own pairs', () => {
    for (const title of hostile) {
      let depth = 0;
      for (const c of bibtexEntry(paper({ title }))) {
        depth += c === '{' ? 1 : c === '}' ? -1 : 0;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth).toBe(0);
    }
  });

  it('writes a huge title whole, and an entry with an empty title without a title field', () => {
    const huge = 'Scaling '.repeat(5000).trim();
    expect(parseOneEntry(bibtexEntry({ ...paper({ title: 'x' }), title: huge })).fields.title).toBe(huge);
    const untitled = parseOneEntry(bibtexEntry({ ...paper({ title: 'x' }), title: '  ' }));
    expect(untitled.fields.title).toBeUndefined();
    expect(untitled.key).toMatch(/^anon/);
  });
});

describe('bibtexEntry: author names', () => {
  const cases: Array<[string, string]> = [
    ['Yann LeCun', 'Yann LeCun'],
    ['LeCun, Yann', 'Yann LeCun'],
    ['Plato', 'Plato'],
    ['Ludwig van Beethoven', 'Ludwig van Beethoven'],
    ['Jean de la Fontaine', 'Jean de la Fontaine'],
    ['Jörg Müller', 'Jörg Müller'],
    ['François Chollet', 'François Chollet'],
    ['李飞飞', '李飞飞'],
    ['Fei-Fei Li', 'Fei-Fei Li'],
    ['山田 太郎', '山田 太郎'],
    ['Barnes and Noble', 'Barnes and Noble'],
    ['Sam AND', 'Sam AND'],
    ['Rock & Roll_Band {x}', 'Rock & Roll_Band {x}'],
    ['King, Jr., Martin Luther', 'Jr., Martin Luther King'],
    ['  Ada   Lovelace  ', 'Ada Lovelace'],
  ];
  it('keeps every name, UTF-8 as written, one author each (an "and" inside a name does not split it)', () => {
    const entry = parseOneEntry(bibtexEntry(paper({ title: 'Names', authors: cases.map(([raw]) => raw) })));
    expect(entry.fields.author?.map(fullName)).toEqual(cases.map(([, read]) => read));
    expect(bibtexEntry(paper({ title: 'Names', authors: ['Jörg Müller', '李飞飞'] }))).toContain('Müller, Jörg and {李飞飞}');
  });

  it('writes names in the unambiguous "Last, First" form so styles sort by the right name', () => {
    const entry = parseOneEntry(bibtexEntry(paper({ title: 'T', authors: ['Yann LeCun', 'Ludwig van Beethoven'] })));
    expect(entry.fields.author?.[0]).toMatchObject({ lastName: 'LeCun', firstName: 'Yann' });
    expect(entry.fields.author?.[1]).toMatchObject({ lastName: 'Beethoven', firstName: 'Ludwig', prefix: 'van' });
  });

  it('leaves the author field out when there are no authors', () => {
    expect(parseOneEntry(bibtexEntry(paper({ title: 'Anonymous Work' }))).fields.author).toBeUndefined();
  });

  it('keeps hundreds of authors', () => {
    const many = Array.from({ length: 500 }, (_, i) => `Author${i} Person${i}`);
    expect(parseOneEntry(bibtexEntry(paper({ title: 'Big Collab', authors: many }))).fields.author).toHaveLength(500);
  });
});

describe('citation keys', () => {
  it('are lastname, year and first significant title word, folded to ASCII', () => {
    expect(citationKey(arxivPaper)).toBe('vaswani2017attention');
    expect(citationKey(paper({ title: 'The Über-Model of Everything', authors: ['Jörg Müller'], arxivId: '2601.00001' }))).toBe('muller2026uber');
    expect(citationKey(paper({ title: 'On a Theory', authors: ['Ludwig van Beethoven'], publishedAt: '2020-05-01' }))).toBe('beethoven2020theory');
    expect(citationKey(paper({ title: 'Straße', authors: ['LeCun, Yann'], publishedAt: '2020-05-01' }))).toBe('lecun2020strasse');
  });

  it('fall back to "anon" without a usable author name, and leave out what a title or date cannot give', () => {
    expect(citationKey(paper({ title: '深度学习', authors: ['李飞飞'], publishedAt: '2024-01-01' }))).toBe('anon2024');
    expect(citationKey(paper({ title: 'The Of And' }))).toBe('anon');
  });

  it('hold only characters every BibTeX tool accepts in a key, whatever the input', () => {
    const nasty = paper({ title: '} , @{x} <!channel> @everyone', authors: ['<@U123>, {a}'], publishedAt: '2024-01-01' });
    expect(citationKey(nasty)).toMatch(/^[a-z0-9]+$/);
    expect(parseOneEntry(bibtexEntry(nasty)).key).toBe(citationKey(nasty));
  });

  it('are the same for the same paper every time', () => {
    expect(bibtexEntry(arxivPaper)).toBe(bibtexEntry(structuredClone(arxivPaper)));
  });
});

describe('bibtexFile', () => {
  it('gives papers that share a key the suffixes a, b, …; the first keeps the key cite gives it', () => {
    const twin = (id: string) => paper({ id, title: 'Attention Again', authors: ['Ashish Vaswani'], arxivId: '1706.03762' });
    const clash = paper({ id: 'x', title: 'Attention', authors: ['Ashish Vaswani'], publishedAt: '2017-01-01' });
    const { entries, errors } = parseBibtex(bibtexFile([twin('a'), twin('b'), twin('c'), clash]));
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.key)).toEqual(['vaswani2017attention', 'vaswani2017attentiona', 'vaswani2017attentionb', 'vaswani2017attentionc']);
  });

  it('never hands a suffixed key to a paper whose own key it is', () => {
    const a = paper({ id: 'a', title: 'Attention', authors: ['Ashish Vaswani'], publishedAt: '2017-01-01' });
    const own = paper({ id: 'own', title: 'Attentiona', authors: ['Ashish Vaswani'], publishedAt: '2017-01-01' });
    const keys = parseBibtex(bibtexFile([a, a, own])).entries.map((e) => e.key);
    expect(keys).toEqual(['vaswani2017attention', 'vaswani2017attentionb', 'vaswani2017attentiona']);
  });

  it('is empty for no papers', () => {
    expect(bibtexFile([])).toBe('');
  });

  it('covers the whole shipped corpus: every entry parses without errors, keys unique, titles round-trip', () => {
    const papers = [...shippedCollection().all()];
    const { entries, errors } = parseBibtex(bibtexFile(papers));
    expect(errors).toEqual([]);
    expect(entries).toHaveLength(papers.length);
    expect(new Set(entries.map((e) => e.key)).size).toBe(papers.length);
    expect(entries.map((e) => e.fields.title)).toEqual(papers.map((p) => typeset(p.title)));
  });
});
