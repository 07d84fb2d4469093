import { describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/program.js';
import { recordingIo } from '../helpers/recording-io.js';

/** `paperboy trending --date` over the shipped corpus, whose one feed day is 2026-11-26. */
async function run(...argv: string[]) {
  const io = recordingIo();
  const status = await runCli(argv, io);
  return { status, out: io.stdoutText(), err: io.stderrText() };
}

describe('paperboy trending --date', () => {
  it('says the corpus starts later, instead of counting listings after the day asked about', async () => {
    for (const date of ['1900-01-01', '2026-11-25']) {
      const { status, out, err } = await run('trending', '--date', date);
      expect(status).toBe(1);
      expect(out).toBe('');
      expect(err).toBe(
        `paperboy: no trending data on or before ${date}: the corpus's feed listings start on 2026-11-26; use --date 2026-11-26 or later, or leave --date out for the latest day (2026-11-26)\n`,
      );
    }
  });

  it('says so for --json too, rather than printing papers from later days', async () => {
    const { status, out, err } = await run('trending', '--date', '1900-01-01', '--json');
    expect(status).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^paperboy: no trending data on or before 1900-01-01/);
  });

  it('says when the day is long after the latest listing', async () => {
    const { status, err } = await run('trending', '--date', '2027-03-01');
    expect(status).toBe(1);
    expect(err).toBe(
      "paperboy: no trending data in the 30 days up to 2027-03-01: the corpus's latest feed listing is from 2026-11-26; leave --date out for that day, or add newer listings with `paperboy ingest hf`\n",
    );
  });

  it('still ranks the days it has, and a topic with no match is not a date problem', async () => {
    const day = await run('trending', '--date', '2026-11-26', '--limit', '2');
    expect(day.status).toBe(0);
    expect(day.out).toMatch(/^Trending as of 2026-11-26\n/);
    expect(day.out).toContain('#1 on hf-trending 2026-11-26');
    const later = await run('trending', '--date', '2026-12-01', '--limit', '1');
    expect(later.status).toBe(0);
    expect(later.out).toContain('#1 on hf-trending 2026-11-26');
    const topic = await run('trending', '--date', '2026-11-26', '--topic', 'zyxwvut');
    expect(topic.status).toBe(0);
    expect(topic.out).toBe('Trending on "zyxwvut" as of 2026-11-26: nothing qualifies.\n');
  });
});
