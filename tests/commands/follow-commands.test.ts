import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FOLLOWS, type PersonRef } from '../../src/index.js';
import { commandHarness, textOf, type CommandHarness } from '../helpers/command-harness.js';
import { expectHarmless, titled } from '../helpers/harmless-message.js';
import { smallPaperboy } from '../helpers/small-corpus.js';

/** follow, following, unfollow over real SQLite: what a person sees, and that nobody else sees it. */
let h: CommandHarness;
beforeEach(() => {
  h = commandHarness({ paperboy: smallPaperboy() });
});
afterEach(async () => {
  await h.close();
});

const ada: PersonRef = { platform: 'slack', workspace: 'T1', user: 'U1' };
const bo = { user: { id: 'U2', name: 'Bo' } };
const run = async (text: string, overrides = {}) => textOf(await h.commands.runText(text, h.ctx(overrides)));
const labels = async (person: PersonRef = ada) => (await h.storage.listFollows(person)).map((f) => `${f.kind}:${f.label}`);

describe('follow', () => {
  it('follows an author, a topic and a paper, privately, each with its number and what it brings', async () => {
    const author = await h.commands.runText('follow author: Yann LeCun', h.ctx());
    expect(author.visibility).toBe('private');
    expect(textOf(author)).toMatch(/^Following author Yann LeCun: you get a direct message when a feed brings a new paper by them\. It is number 1 of your 50\./);
    expect(textOf(author)).toMatch(/\/papers unfollow 1 stops this one/);
    expect(await run('follow topic: diffusion transformers')).toMatch(/^Following topic “diffusion transformers”: .*all these words in its title or abstract\. It is number 2 of your 50\./);
    const paper = await run('follow 2106.09685');
    expect(paper).toMatch(/^Following paper “Low-Rank Adaptation of Large Language Models”: you get a direct message when a new arXiv version of it appears\. It is number 3/);
    expect(paper).not.toMatch(/no arXiv id/);
    expect(await labels()).toEqual(['author:Yann LeCun', 'topic:diffusion transformers', 'paper:Low-Rank Adaptation of Large Language Models']);
  });

  it('takes the same options from Discord (structured), one at a time', async () => {
    expect(textOf(await h.commands.run({ name: 'follow', options: { author: 'Geoffrey Hinton' } }, h.ctx()))).toMatch(/^Following author Geoffrey Hinton/);
    expect(textOf(await h.commands.run({ name: 'follow', options: { paper: 'Low-Rank Adaptation' } }, h.ctx()))).toMatch(/^Following paper “Low-Rank Adaptation/);
    expect(textOf(await h.commands.run({ name: 'follow', options: { author: 'A B', topic: 'lora' } }, h.ctx()))).toMatch(
      /^Follow one thing at a time \(you gave author and topic\): \/papers follow author:/,
    );
    expect(textOf(await h.commands.run({ name: 'follow', options: {} }, h.ctx()))).toMatch(
      /^Say what to follow: \/papers follow author: Yann LeCun, \/papers follow topic: diffusion transformers, or \/papers follow <paper id or title>\.$/,
    );
    expect(await labels()).toEqual(['author:Geoffrey Hinton', 'paper:Low-Rank Adaptation of Large Language Models']);
  });

  it('says a paper without an arXiv id is followed for the day a feed lists it on arXiv', async () => {
    expect(await run('follow Adapters Everywhere')).toMatch(/^Following paper “Adapters Everywhere”.*\npaperboy knows no arXiv id for this paper yet/s);
  });

  it('names the follow already there, by its number, for the same author however written', async () => {
    await run('follow topic: lora');
    await run('follow author: Yann LeCun');
    for (const again of ['follow author: Yann LeCun', 'follow author: LeCun, Yann', 'follow author: YANN LE CUN', 'follow author:"yann lecun"']) {
      expect(await run(again)).toBe('You already follow author Yann LeCun (number 2 in /papers following).');
    }
    expect(await run('follow topic: LoRA')).toBe('You already follow topic “lora” (number 1 in /papers following).');
    // An initial says less than a name (it matches every Y. LeCun), so it is a follow of its own.
    expect(await run('follow author: Y. LeCun')).toMatch(/^Following author Y\. LeCun: .* It is number 3 of your 50\./);
    expect(await labels()).toEqual(['topic:lora', 'author:Yann LeCun', 'author:Y. LeCun']);
  });

  it('gives an unknown paper the closest titles, as show does, and follows nothing', async () => {
    const shipped = commandHarness();
    try {
      const typo = textOf(await shipped.commands.runText('follow mixtrue of expers merging', shipped.ctx()));
      expect(typo).toMatch(/Closest/);
      expect(typo).toMatch(/merging-multi-task-models-via-weight/);
      expect(textOf(await shipped.commands.runText('follow nrt', shipped.ctx()))).toMatch(/^No paper matches "nrt"\. Closest titles: nrtr-a-no-recurrence-sequence/);
      expect(await shipped.storage.listFollows(ada)).toEqual([]);
    } finally {
      await shipped.close();
    }
  });

  it('tells someone who left out the colon how to follow an author or a topic', async () => {
    expect(await run('follow author Zyxwv Qqqq')).toMatch(/To follow an author, put a colon after it: \/papers follow author: …$/);
    expect(await labels()).toEqual([]);
  });

  it(`stops at ${MAX_FOLLOWS} follows with a refusal that says how to make room`, async () => {
    for (let i = 1; i <= MAX_FOLLOWS; i += 1) await h.storage.addFollow(ada, { kind: 'topic', label: `topic ${i}`, key: `t${i}` }, MAX_FOLLOWS, i);
    const full = await run('follow author: Yann LeCun');
    expect(full).toBe(
      `You already follow ${MAX_FOLLOWS} authors, topics and papers, the most paperboy keeps for one person (${MAX_FOLLOWS}). To make room: /papers following lists them with numbers, and /papers unfollow 3 removes number 3.`,
    );
    expect(await h.storage.listFollows(ada)).toHaveLength(MAX_FOLLOWS);
    expect(await run('unfollow 3')).toMatch(/^Stopped following topic “topic 3”\./);
    expect(await run('follow author: Yann LeCun')).toMatch(/It is number 50 of your 50/);
    // Someone else's list is their own: Bo can still follow.
    expect(await run('follow author: Yann LeCun', bo)).toMatch(/number 1 of your 50/);
  });
});

describe('following', () => {
  it('lists follows numbered oldest first, with quiet hours and the personal digest, privately', async () => {
    expect(await run('following')).toMatch(
      /^You follow nothing yet\nFollow an author, a topic or a paper .*\nQuiet hours: none, .*\nPersonal digest: none \(\/papers subscribe me 08:30 Europe\/Berlin weekdays 5 starts one\)\./s,
    );
    await run('follow author: Yann LeCun');
    await run('follow topic: diffusion transformers');
    await run('quiet 22:00-08:00 Europe/Berlin');
    await run('subscribe me 08:30 Europe/Berlin weekdays 5');
    const reply = await h.commands.runText('following', h.ctx());
    expect(reply.visibility).toBe('private');
    expect(textOf(reply)).toMatch(
      /^You follow 2 of at most 50\n1\. author Yann LeCun\n2\. topic “diffusion transformers”\nQuiet hours: 22:00–08:00 Europe\/Berlin \(alerts wait until they end; \/papers quiet off removes them\)\.\nPersonal daily digest: 5 papers every weekday at 08:30 Europe\/Berlin · next Monday 30 November at 08:30 \(Europe\/Berlin\)\.\n\/papers unfollow 2 stops number 2; \/papers forget me deletes all of this\. Only you see it\.$/,
    );
  });

  it('keeps fifty long follows within a chat message: ten to a block, long titles clipped', async () => {
    for (let i = 1; i <= MAX_FOLLOWS; i += 1) await h.storage.addFollow(ada, { kind: 'paper', label: `${'Long title '.repeat(40)}${i}`, key: `p${i}` }, MAX_FOLLOWS, i);
    const reply = await h.commands.runText('following', h.ctx());
    const texts = reply.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
    expect(texts.filter((t) => /^\d+\. /.test(t))).toHaveLength(5);
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThan(1500);
    expect(textOf(reply)).toMatch(/\n50\. paper “Long title .*…\n/);
    expectHarmless(reply);
  });
});

describe('unfollow', () => {
  beforeEach(async () => {
    for (const text of ['follow author: Yann LeCun', 'follow topic: lora', 'follow 2106.09685', 'follow author: Geoffrey Hinton']) await run(text);
  });

  it('stops follows by their numbers and names what stopped', async () => {
    expect(await run('unfollow 1,3')).toBe(
      'Stopped following author Yann LeCun; paper “Low-Rank Adaptation of Large Language Models”. You follow 2 more; their numbers may have moved up: /papers following lists them.',
    );
    expect(await labels()).toEqual(['topic:lora', 'author:Geoffrey Hinton']);
    expect(await run('unfollow #2')).toMatch(/^Stopped following author Geoffrey Hinton\. You follow 1 more/);
    expect(await run('unfollow 1')).toBe('Stopped following topic “lora”. You follow nothing now, so no more alerts come (any still waiting were dropped).');
    expect(await run('unfollow 1')).toMatch(/^You follow nothing yet, so there is nothing to stop\./);
  });

  it('stops all of them', async () => {
    expect(await run('unfollow all')).toBe(
      'Stopped all 4 of your follows: no more alerts. /papers follow author: Yann LeCun, /papers follow topic: diffusion transformers, or /papers follow <paper id or title> starts again.',
    );
    expect(await labels()).toEqual([]);
  });

  it.each(
    titled([
      ['unfollow 9', /^You have no follow number 9: you have numbers 1 to 4\. \/papers following lists them; nothing was stopped\.$/],
      ['unfollow 2,7', /^You have no follow number 7: you have numbers 1 to 4\./],
      ['unfollow 0', /^Say which follows to stop by their numbers in \/papers following: \/papers unfollow 3, \/papers unfollow 1,4 or \/papers unfollow all\.$/],
      ['unfollow -1', /^Say which follows to stop/],
      ['unfollow 1.5', /^Say which follows to stop/],
      ['unfollow 99999999999999999999', /^Say which follows to stop/],
      ['unfollow Yann LeCun', /^Say which follows to stop/],
      ['unfollow <!channel>', /^Say which follows to stop/],
      ['unfollow @everyone', /^Say which follows to stop/],
      ['unfollow ３', /^Say which follows to stop/],
      ['unfollow', /^which is missing\. Usage: \/papers unfollow <n\|n,m\|all>/],
      [`unfollow ${'1,'.repeat(150)}`, /which is 300 characters; keep it under 200/],
    ] as const),
  )('refuses %s and stops nothing', async (_title, text, message) => {
    const reply = await h.commands.runText(text, h.ctx());
    expectHarmless(reply);
    expect(textOf(reply)).toMatch(message);
    expect(await h.storage.listFollows(ada)).toHaveLength(4);
  });
});

describe('privacy: one person’s follows are theirs alone', () => {
  it('shows Bo none of Ada’s follows, and Bo’s unfollow never touches them', async () => {
    await run('follow author: Yann LeCun');
    await run('follow topic: lora');
    expect(await run('following', bo)).toMatch(/^You follow nothing yet/);
    expect(await run('unfollow 1', bo)).toMatch(/^You follow nothing yet, so there is nothing to stop/);
    expect(await run('unfollow all', bo)).toMatch(/^You follow nothing yet/);
    await run('follow author: Geoffrey Hinton', bo);
    expect(await run('unfollow all', bo)).toMatch(/^Stopped all 1 of your follows/);
    expect(await labels()).toEqual(['author:Yann LeCun', 'topic:lora']);
    // The same user id in another workspace is another person.
    expect(await run('following', { workspace: 'T2' })).toMatch(/^You follow nothing yet/);
    expect(await run('following', { platform: 'discord' })).toMatch(/^You follow nothing yet/);
    // Asked in another channel, Ada's list is the same, and still only hers.
    expect(await run('following', { channel: 'C2' })).toMatch(/1\. author Yann LeCun\n2\. topic “lora”/);
  });

  it('answers every follow command privately, even in a channel', async () => {
    for (const text of ['follow author: Yann LeCun', 'following', 'unfollow 1', 'follow', 'unfollow x']) {
      expect((await h.commands.runText(text, h.ctx({ canManageChannel: false }))).visibility).toBe('private');
    }
  });
});

describe('hostile, huge and unicode input', () => {
  it.each(
    titled(
      [
        'follow author: <!channel>',
        'follow author: @everyone @here',
        'follow author: <@U999|boss> <#C1>',
        'follow author: **Yann** _LeCun_ `x` [click](https://evil.example)',
        'follow topic: <script>alert(1)</script> diffusion',
        'follow topic: @everyone transformers',
        'follow <!channel>',
        'follow @everyone',
        'follow ```js\nalert(1)\n```',
        'follow author: 😀😀😀',
        'follow topic: !!! ??? ...',
        'follow author: Jürgen Schmidhuber',
        'follow author: 李飞飞',
        'follow topic: 拡散モデル',
        'follow author: \u202eevil\u202c',
        `follow author: ${'x'.repeat(1990)}`,
        `follow topic: ${'diffusion '.repeat(198)}`,
        `follow ${'y'.repeat(1990)}`,
        `follow ${'z'.repeat(5000)}`,
      ].map((text) => [text] as const),
    ),
  )('%s: an answer that pings nobody', async (_title, text) => {
    const reply = await h.commands.runText(text, h.ctx());
    expectHarmless(reply);
    expect(await h.storage.listFollows(ada)).toSatisfy((follows: readonly { label: string }[]) => follows.every((f) => f.label.length <= 500));
  });

  it('refuses names and topics past their length, keeps unicode ones as typed, and keeps only the words of markup', async () => {
    expect(await run(`follow author: ${'x'.repeat(300)}`)).toBe('author is 300 characters; keep it under 200.');
    expect(await run(`follow topic: ${'word '.repeat(100)}`)).toMatch(/^topic is \d+ characters; keep it under 200\./);
    expect(await run('follow author: Jürgen Schmidhuber')).toMatch(/^Following author Jürgen Schmidhuber:/);
    expect(await run('follow topic: <script>alert(1)</script> diffusion')).toMatch(/^Following topic “script alert 1 script diffusion”/);
    expect(await run('follow author: <@U999> **Yann** _LeCun_')).toMatch(/^Following author Yann LeCun:/);
    expect(await labels()).toEqual(['author:Jürgen Schmidhuber', 'topic:script alert 1 script diffusion', 'author:Yann LeCun']);
  });
});

describe('help', () => {
  it('lists the personal commands with examples, and explains each one', async () => {
    const help = await run('help');
    for (const usage of ['follow author: <name> | topic: <words> | <paper>', 'following', 'unfollow <n|n,m|all>', 'quiet HH:MM-HH:MM [time zone] | quiet off', 'forget me']) {
      expect(help).toContain(`/papers ${usage}: `);
    }
    expect(help).toMatch(/subscribe me … for your own, by DM/);
    expect(await run('help follow')).toMatch(
      /^\/papers follow author: <name> \| topic: <words> \| <paper>\n.*\n\/papers follow author: Yann LeCun\n\/papers follow topic: diffusion transformers\n\/papers follow 2106\.09685$/s,
    );
    expect(await run('help subscribe')).toMatch(/\/papers subscribe me 08:30 Europe\/Berlin weekdays 5/);
    expect(await run('help quiet')).toMatch(/\/papers quiet off$/);
    expect(await run('help forget')).toMatch(/\/papers forget me$/);
  });
});
