import type { CliContext } from '../cli-context.js';

/** `paperboy` with no command: what is loaded, what is hot, and what to type next. */
export async function overviewCommand(ctx: CliContext, version: string): Promise<void> {
  const paperboy = ctx.paperboy();
  const stats = ctx.unwrap(await paperboy.stats());
  const feeds = Object.entries(stats.feeds)
    .map(([source, f]) => `${source}, latest ${f.latest}`)
    .join('; ');
  const top = ctx.unwrap(await paperboy.trending({ limit: 3 }));
  const example = top[0]?.paper;
  const lines = [
    `paperboy ${version}: research papers, searchable from your terminal and team chat`,
    '',
    `Corpus: ${stats.papers} papers${feeds ? ` (${feeds})` : ''}, ${stats.withCode} with code.`,
    '',
    'Trending:',
    ...top.map((e, i) => `  ${i + 1}. ${e.paper.title}`),
    '',
    'Try:',
    '  npx paperboy search "mixture of experts" --limit 3',
    '  npx paperboy search \'"low-rank adaptation" -survey has:code\'',
    ...(example ? [`  npx paperboy show ${example.id}`, `  npx paperboy related ${example.id}`] : []),
    '  npx paperboy trending --topic "model merging"',
    '  npx paperboy --help',
    '',
  ];
  ctx.out(lines.join('\n'));
}
