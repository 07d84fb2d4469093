import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanText, MAX_PAGE_SIZE, MAX_TRENDING } from '../../src/index.js';
import { CliContext, CliExit, CliFailure, type CliIo } from './cli-context.js';
import { CorpusFileError } from '../files/corpus-files.js';
import { citeCommand, savedCommand } from './commands/cite-commands.js';
import { evalCommand } from './commands/eval-command.js';
import { overviewCommand } from './commands/overview-command.js';
import { exportCommand, relatedCommand, searchCommand, showCommand, statsCommand, trendingCommand } from './commands/query-commands.js';
import { chatCommand, digestCommand, serveCommand } from './commands/service-commands.js';
import { discordRegisterCommand } from './commands/discord-commands.js';
import { ingestCommand } from './commands/ingest-command.js';
import { indexRebuildCommand, indexStatusCommand } from './commands/index-commands.js';
import { collect, isoDate, wholeNumber } from './options.js';
import { packageRoot } from '../files/package-paths.js';

const QUERY_HELP = `
Query syntax:
  diffusion transformers        any of these words, best matches first
  "mixture of experts"          this exact phrase
  -survey  -"image classification"   leave these out
  author:hinton                 an author's name contains this
  title:merging                 the title has this word
  since:2024-06-01              published (or first listed) on or after
  has:code                      links to code
Acronyms and their spelled-out forms find each other (MoE, mixture of experts).`;

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The `paperboy` command line; every action runs against a CliContext built from global options. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('paperboy');
  const context = (): CliContext => {
    const globals = program.opts<{ corpus?: string[]; shipped?: boolean; stored?: boolean }>();
    return new CliContext(io, globals);
  };
  /** Query commands answer from the corpus the service uses (see CliContext.openCorpus), closed when they are done. */
  const withCorpus =
    <A extends unknown[]>(command: (ctx: CliContext, ...args: A) => Promise<void> | void) =>
    async (...args: A): Promise<void> => {
      const ctx = context();
      try {
        await ctx.openCorpus();
        await command(ctx, ...args);
      } finally {
        await ctx.close();
      }
    };
  const json = new Option('--json', 'print JSON instead of text');
  const limit = (fallback: number, max: number): Option =>
    // No short alias: `-n…` would swallow an exclusion like -network.
    new Option('--limit <n>', `how many results (1-${max})`).argParser(wholeNumber(1, max)).default(fallback);
  const offset = (): Option => new Option('--offset <n>', 'skip this many results (paging)').argParser(wholeNumber(0, 100_000)).default(0);

  program
    .description('Search, browse and rank research papers from the shipped trending corpus and your own files.')
    .version(version(), '-V, --version')
    .option('--corpus <file>', 'also load this corpus file (.txt page export, .jsonl papers, BEIR corpus.jsonl); repeatable', collect)
    .option('--no-shipped', 'leave out the corpus shipped in corpus/')
    .option('--no-stored', 'leave out papers `paperboy ingest` saved to storage')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error:/, 'paperboy: error:')),
    })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .allowExcessArguments(true)
    .action(() => {
      const [unknown] = program.args;
      if (unknown !== undefined) throw unknownCommand(program, unknown);
      return withCorpus((ctx: CliContext) => overviewCommand(ctx, version()))();
    });

  program
    .command('search')
    .description('find papers; results are ranked by relevance')
    .argument('<query...>', 'words, "phrases", -exclusions and filters (see below)')
    // `paperboy search lora -survey`: a -word is an exclusion, not an option.
    .allowUnknownOption()
    .addOption(limit(5, MAX_PAGE_SIZE))
    .addOption(offset())
    .addOption(json)
    .addHelpText('after', QUERY_HELP)
    .action(withCorpus(searchCommand));

  program.command('show').description('one paper in full').argument('<paper...>', 'its id, arXiv id or link, or words from its title').addOption(json).action(withCorpus(showCommand));

  program
    .command('related')
    .description('papers like this one')
    .argument('<paper...>', 'its id, arXiv id or link, or words from its title')
    .addOption(limit(5, MAX_PAGE_SIZE))
    .addOption(offset())
    .addOption(json)
    .action(withCorpus(relatedCommand));

  program
    .command('trending')
    .description("today's top papers, with the reasons they rank there")
    .addOption(limit(10, MAX_TRENDING))
    .option('--topic <query>', 'only papers about this (every word must match)')
    .option('--exclude <ids>', 'leave out these paper ids (comma-separated; repeatable)', collect)
    .option('--date <YYYY-MM-DD>', 'score as of this day (default: the latest feed day in the corpus)', isoDate)
    .addOption(json)
    .action(withCorpus(trendingCommand));

  program
    .command('cite')
    .description('BibTeX entries for papers, to paste into LaTeX (one .bib, keys unique)')
    .argument('<paper...>', 'one or more papers: ids, arXiv ids or links; quote a title of several words')
    .addHelpText(
      'after',
      '\nA paper that cannot be found gets the closest titles on stderr; the others are still printed, and the exit status is 1.\nExamples:\n  npx paperboy cite 2106.09685 noprop-training-neural-networks-without > refs.bib\n  npx paperboy cite "mixture of experts routing"',
    )
    .action(withCorpus(citeCommand));

  program
    .command('saved')
    .description("a team's saved papers (most saved first), or one person's; as BibTeX with --bibtex")
    .requiredOption('--team <platform:workspace>', 'the team, as subscriptions name it: slack:T0123, discord:300000000000000001')
    .option('--user <id>', "only this person's saves (their Slack or Discord user id), newest first")
    .option('--bibtex', 'print the list as one .bib file')
    .addOption(json)
    .addHelpText(
      'after',
      '\nReads the saves the running service keeps (PAPERBOY_DATA_DIR or DATABASE_URL).\nExample:\n  npx paperboy saved --team slack:T0123 --user U0456 --bibtex > reading-list.bib',
    )
    .action(withCorpus(savedCommand));

  program.command('stats').description('what the corpus holds').addOption(json).action(withCorpus(statsCommand));

  program
    .command('export')
    .description('write the corpus as JSON Lines (the format --corpus reads back)')
    .option('-o, --out <file>', 'write here instead of to standard output')
    .action(withCorpus(exportCommand));

  program
    .command('serve')
    .description('run the service: daily digests, the HTTP API and chat adapters (what npm start runs)')
    .addHelpText('after', '\nSettings come from the environment or .env; see .env.example.')
    .action(() => serveCommand());

  program
    .command('chat')
    .description('try paperboy in this terminal: /papers commands, buttons by number, digests for console subscriptions')
    .action(() => chatCommand(context()));

  program
    .command('digest')
    .description("print today's digest for a subscription (or a default one) without posting it")
    .option('--dry-run', 'preview only (required: the service posts digests itself)')
    .option('--channel <id>', 'a subscription id (platform:workspace:channel) or a channel id')
    .option('--date <YYYY-MM-DD>', 'the local date to compose for (default: today in the subscription’s zone)', isoDate)
    .action((options) => digestCommand(context(), options));

  program
    .command('ingest')
    .description('add papers from a feed, a file or a URL to the corpus the service uses (saved to storage)')
    .argument('<source>', 'hf (Hugging Face daily papers), arxiv, a file (.jsonl, .json, .xml, .txt) or an http(s) URL')
    .option('--date <YYYY-MM-DD>', 'hf: the featured day (default: today, UTC)', isoDate)
    .option('--category <cat>', "arxiv: today's announcements in this category, e.g. cs.LG or cs.LG+stat.ML")
    .option('--query <search>', 'arxiv: an API search, e.g. "ti:merging AND cat:cs.LG"')
    .option('--id <arxiv-id>', 'arxiv: look up this paper (repeatable)', collect)
    .option('--dry-run', 'show what would change without saving anything')
    .addOption(json)
    .addHelpText(
      'after',
      '\nExamples:\n  npx paperboy ingest hf --date 2026-11-26\n  npx paperboy ingest arxiv --category cs.LG --dry-run\n  npx paperboy ingest ./papers.jsonl\n  npx paperboy ingest https://huggingface.co/api/daily_papers?date=2026-11-26\nStorage and feed URLs come from the environment or .env; see .env.example.',
    )
    .action((source: string, options) => ingestCommand(context(), source, options));

  const index = program.command('index').description('the search index: which engine serves the corpus, how fresh it is; build it again');
  index
    .command('status')
    .description('engine, papers, size on disk, last sync with storage, analyzer version')
    .addOption(json)
    .action((options) => indexStatusCommand(context(), options));
  index
    .command('rebuild')
    .description('build the search index again from storage (with progress); the service does this by itself when it must')
    .addOption(new Option('--engine <engine>', 'build this engine instead of the one PAPERBOY_SEARCH picks').choices(['memory', 'disk']))
    .addHelpText('after', '\nA running service keeps answering from the index it has open, and moves to the rebuilt one within a minute.')
    .action((options) => indexRebuildCommand(context(), options));

  const discord = program.command('discord').description('set up the Discord app (see README, "Discord")');
  discord
    .command('register')
    .description('register the /papers command on Discord (only writes when it changed)')
    .option('--guild <id>', 'register on this server only, where it shows at once (default: all servers)')
    .addHelpText('after', '\nNeeds DISCORD_TOKEN and DISCORD_APPLICATION_ID (environment or .env).\nExample:\n  npx paperboy discord register --guild 300000000000000001')
    .action((options) => discordRegisterCommand(context(), options));

  program
    .command('eval')
    .description('measure ranking quality on a BEIR collection (nDCG@10, Recall@100, MRR@10)')
    .requiredOption('--beir <dir>', 'folder with corpus.jsonl, queries.jsonl and qrels/')
    .addOption(new Option('--split <name>', 'which qrels file to judge with').choices(['train', 'dev', 'test']).default('test'))
    .option('--run-out <file>', 'also write the ranking as a TREC run file')
    .addOption(new Option('--engine <engine>', 'the search engine to evaluate').choices(['memory', 'disk']).default('memory'))
    .addHelpText('after', '\nExample:\n  npx paperboy eval --beir ../shared/eval/scifact --split train --engine disk --run-out scifact.run')
    .action((options) => evalCommand(context(), options));

  // The program's own action (the overview) turns commander's implicit `help` command off, so it is spelled out.
  program
    .command('help')
    .description('show help for a command, e.g. paperboy help serve')
    .argument('[command...]', 'a command, or a command and its subcommand (paperboy help index rebuild)')
    .action((names: string[]) => {
      let target = program;
      for (const name of names) {
        const next = target.commands.find((c) => c.name() === name || c.aliases().includes(name));
        if (next === undefined) throw unknownCommand(target, name);
        target = next;
      }
      target.outputHelp();
    });

  return program;
}

function unknownCommand(parent: Command, name: string): CliFailure {
  const names = parent.commands.map((c) => c.name()).join(', ');
  const path = parent.parent === null ? 'paperboy' : `paperboy ${parent.name()}`;
  return new CliFailure(`unknown command '${cleanText(name).slice(0, 80)}'; the commands are ${names} (see ${path} --help)`);
}

/** Runs the command line; returns the exit status instead of exiting, so tests can call it. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliExit) return error.status;
    if (error instanceof CliFailure || error instanceof CorpusFileError) {
      io.stderr.write(`paperboy: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
