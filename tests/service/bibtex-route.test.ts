import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaperboy, PaperCollection, silentLogger } from '../../src/index.js';
import { serveApi } from '../helpers/api-server.js';
import { parseOneEntry } from '../helpers/bibtex-parse.js';
import { SMALL_CORPUS } from '../helpers/small-corpus.js';

/** GET /papers/<id>.bib: a paper as BibTeX a parser reads, with JSON errors like the rest of the API. */
let close: () => Promise<void>;
let base: string;

beforeAll(async () => {
  const papers = new PaperCollection();
  papers.addAll([
    ...SMALL_CORPUS,
    { id: 'notes.bib', title: 'A Paper Whose Id Ends in .bib', authors: ['Ada Lovelace'], publishedAt: '2025-01-01' },
    { id: 'hostile', title: '} @misc{evil, title={x} <!channel> @everyone </script> 100% & $x_1$', authors: ['Jörg Müller', '李飞飞'], publishedAt: '2025-01-01' },
  ]);
  ({ base, close } = await serveApi({ paperboy: createPaperboy({ papers }), logger: silentLogger, health: () => ({}), readiness: async () => ({ status: 'ready' }) }));
});
afterAll(async () => {
  await close();
});

const get = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: await res.text() };
};

describe('GET /papers/<id>.bib', () => {
  it('answers an arXiv paper as application/x-bibtex with eprint and DOI, named after its key', async () => {
    const lora = [...SMALL_CORPUS].find((p) => p.arxivId === '2106.09685')!;
    const collection = new PaperCollection();
    collection.addAll([lora]);
    const id = [...collection.all()][0]!.id;
    const res = await get(`/papers/${id}.bib`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/x-bibtex; charset=utf-8');
    const entry = parseOneEntry(res.text);
    expect(entry.key).toBe('hu2021low');
    expect(entry.fields).toMatchObject({ eprint: '2106.09685', archiveprefix: 'arXiv', doi: '10.48550/arXiv.2106.09685', year: '2021' });
    expect(res.disposition).toBe('inline; filename="hu2021low.bib"');
  });

  it('keeps hostile titles and non-ASCII names inside the entry, in UTF-8', async () => {
    const res = await get('/papers/hostile.bib');
    const entry = parseOneEntry(res.text);
    expect(entry.fields.title).toBe('} @misc{evil, title={x} <!channel> @everyone </script> 100% & $x_1$');
    expect(entry.fields.author?.map((a) => a.name ?? `${a.firstName} ${a.lastName}`)).toEqual(['Jörg Müller', '李飞飞']);
    expect(res.text).toContain('Müller');
  });

  it('answers an unknown, empty, malformed or huge id with a JSON error', async () => {
    for (const [path, status] of [
      ['/papers/no-such-paper.bib', 404],
      ['/papers/.bib', 400],
      ['/papers/%E0%A4%A.bib', 400],
      [`/papers/${'x'.repeat(2100)}.bib`, 400],
      ['/papers/%3C!channel%3E%20%40everyone.bib', 404],
      ['/papers/%E6%B7%B1%E5%BA%A6.bib', 404],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect(res.type).toBe('application/json; charset=utf-8');
      expect(JSON.parse(res.text).error).toEqual(expect.any(String));
    }
  });

  it('reaches a paper whose id ends in .bib as …%2Ebib, as JSON', async () => {
    const json = await get('/papers/notes%2Ebib');
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text).paper.id).toBe('notes.bib');
    expect(parseOneEntry((await get('/papers/notes%2Ebib.bib')).text).fields.title).toBe('A Paper Whose Id Ends in .bib');
  });
});
