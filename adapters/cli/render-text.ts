import type { CorpusStats, Paper, RelatedPage, SearchHit, SearchPage, Snippet, TrendingEntry } from '../../src/index.js';

/**
 * Human-readable terminal output. Pure: data in, text out. Matched words are bold on a
 * colour terminal and unmarked otherwise, so piped output stays clean.
 */
export interface TextStyle {
  readonly color: boolean;
}

const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

function bold(text: string, style: TextStyle): string {
  return style.color ? `${BOLD}${text}${RESET}` : text;
}

function dim(text: string, style: TextStyle): string {
  return style.color ? `${DIM}${text}${RESET}` : text;
}

export function renderSnippet(snippet: Snippet, style: TextStyle): string {
  if (!style.color) return snippet.text;
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.marks) {
    out += snippet.text.slice(at, start) + bold(snippet.text.slice(start, end), style);
    at = end;
  }
  return out + snippet.text.slice(at);
}

function linkLine(paper: Paper): string[] {
  const lines: string[] = [];
  if (paper.url) lines.push(`link  ${paper.url}`);
  if (paper.codeUrls.length > 0) lines.push(`code  ${paper.codeUrls.join('  ')}`);
  return lines;
}

function hitBlock(position: number, hit: SearchHit, style: TextStyle, extra: string[] = []): string {
  const head = `${String(position).padStart(3)}. ${bold(hit.paper.title, style)}`;
  const meta = [`id ${hit.paper.id}`, ...(hit.score > 0 ? [`score ${hit.score.toFixed(2)}`] : []), ...extra].join(' · ');
  const lines = [head, `     ${dim(meta, style)}`];
  if (hit.snippet.text) lines.push(`     ${renderSnippet(hit.snippet, style)}`);
  if (hit.paper.codeUrls.length > 0) lines.push(`     code ${hit.paper.codeUrls[0]}`);
  return lines.join('\n');
}

export function renderSearchPage(page: SearchPage, queryText: string, style: TextStyle): string {
  if (page.total === 0) return `No papers match: ${queryText}\nTry fewer or different words.\n`;
  if (page.hits.length === 0) return `${page.total} papers match, so offset ${page.offset} is past the last one.\n`;
  const first = page.offset + 1;
  const last = page.offset + page.hits.length;
  const out = [`Results ${first}-${last} of ${page.total} for: ${queryText}`];
  if (page.respelled.length > 0) {
    out.push(dim(`No paper uses ${page.respelled.map((w) => `"${w}"`).join(', ')}; showing near spellings.`, style));
  }
  out.push('');
  for (const [i, hit] of page.hits.entries()) out.push(hitBlock(first + i, hit, style), '');
  if (last < page.total) out.push(dim(`More: add --offset ${last}`, style));
  return `${out.join('\n').trimEnd()}\n`;
}

export function renderPaper(paper: Paper, style: TextStyle): string {
  const out = [bold(paper.title, style), dim(`id ${paper.id}${paper.arxivId ? ` · arXiv ${paper.arxivId}` : ''}`, style)];
  if (paper.authors.length > 0) out.push(paper.authors.join(', '));
  const dates = [
    paper.publishedAt ? `published ${paper.publishedAt.slice(0, 10)}` : '',
    ...paper.appearances.map((a) => `${a.rank ? `#${a.rank} ` : ''}on ${a.source} ${a.date}${a.upvotes !== undefined ? ` (${a.upvotes} upvotes)` : ''}`),
  ].filter(Boolean);
  if (dates.length > 0) out.push(dim(dates.join(' · '), style));
  out.push('', paper.abstract || '(no abstract)', '', ...linkLine(paper));
  if (paper.links.length > 0) out.push(`see   ${paper.links.join('  ')}`);
  return `${out.join('\n').trimEnd()}\n`;
}

export function renderRelated(page: RelatedPage, style: TextStyle): string {
  if (page.hits.length === 0) return `Nothing in the corpus is close to "${page.paper.title}".\n`;
  const out = [`Papers like "${page.paper.title}"`, ''];
  page.hits.forEach((hit, i) => {
    out.push(hitBlock(i + 1, hit, style, hit.sharedWords.length > 0 ? [`shares ${hit.sharedWords.join(', ')}`] : []), '');
  });
  return `${out.join('\n').trimEnd()}\n`;
}

export function renderTrending(entries: readonly TrendingEntry[], heading: string, style: TextStyle): string {
  if (entries.length === 0) return `${heading}: nothing qualifies.\n`;
  const out = [heading, ''];
  entries.forEach(({ paper, trend }, i) => {
    out.push(`${String(i + 1).padStart(3)}. ${bold(paper.title, style)}`);
    out.push(`     ${dim(`id ${paper.id} · score ${trend.score.toFixed(2)} · ${trend.reasons.join(' · ')}`, style)}`);
    if (paper.codeUrls.length > 0) out.push(`     code ${paper.codeUrls[0]}`);
    out.push('');
  });
  return `${out.join('\n').trimEnd()}\n`;
}

export function renderStats(stats: CorpusStats): string {
  const share = (n: number): string => `${n} (${stats.papers ? Math.round((n / stats.papers) * 100) : 0}%)`;
  const out = [
    `papers        ${stats.papers}`,
    `with abstract ${share(stats.withAbstract)}`,
    `with authors  ${share(stats.withAuthors)}`,
    `with code     ${share(stats.withCode)}`,
    `with arXiv id ${share(stats.withArxivId)}`,
  ];
  if (stats.oldest) out.push(`dates         ${stats.oldest} … ${stats.newest}`);
  for (const [source, feed] of Object.entries(stats.feeds)) {
    out.push(`feed          ${source}: ${feed.appearances} listings over ${feed.days} day${feed.days === 1 ? '' : 's'}, latest ${feed.latest}`);
  }
  return `${out.join('\n')}\n`;
}
