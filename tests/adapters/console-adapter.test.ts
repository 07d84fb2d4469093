import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { renderMessage } from '../../adapters/console/render-message.js';
import { textMessage } from '../../src/index.js';
import { commandHarness, type CommandHarness } from '../helpers/command-harness.js';

let h: CommandHarness;
let output: string;
let adapter: ConsoleAdapter;
let input: PassThrough;

beforeEach(() => {
  h = commandHarness();
  output = '';
  input = new PassThrough();
  adapter = new ConsoleAdapter({
    commands: h.commands,
    io: { input, output: { write: (t: string) => (output += t) }, color: false, prompt: false },
    clock: () => new Date('2026-11-27T08:00:00Z'),
    user: { id: 'ada', name: 'ada' },
  });
});
afterEach(async () => {
  await adapter.stop();
  await h.close();
});

describe('console adapter', () => {
  it('answers /papers commands typed at the prompt, in order', async () => {
    await adapter.start();
    input.write('/papers search mixture of experts\n');
    input.write('/papers help subscribe\n');
    input.end();
    await adapter.stop();
    const search = output.indexOf('Results 1–5 of 14 for “mixture of experts”');
    const help = output.indexOf('/papers subscribe HH:MM');
    expect(search).toBeGreaterThanOrEqual(0);
    expect(help).toBeGreaterThan(search);
    expect(output).toMatch(/\(only you see this\)/);
  });

  it('presses a numbered button: the last reply’s actions run as commands', async () => {
    const reply = await adapter.handleLine('search NoProp');
    expect(reply).toMatch(/\[1\] Related {2}\[2\] Save {2}\[3\] Share in channel/);
    const saved = await adapter.handleLine('2');
    expect(saved).toMatch(/^Saved “NoProp/);
    expect(await h.storage.savedPaperIds('console', 'local', 'ada')).toEqual(['noprop-training-neural-networks-without']);
  });

  it('subscribes the console channel, and a digest posted to it prints here with an id', async () => {
    expect(await adapter.handleLine('/papers subscribe 09:00 UTC')).toMatch(/ada subscribed this channel to 5 papers every day at 09:00 UTC/);
    expect(await h.storage.getSubscription(adapter.channel)).toMatchObject({ platform: 'console', channel: 'console' });
    const receipt = await adapter.postDigest(adapter.channel, textMessage('No new trending papers today.', 'channel'));
    expect(receipt.messageId).toMatch(/^console-\d+$/);
    expect(output).toMatch(/── digest for #console ──\nNo new trending papers today\.\n\(posted in the channel\)/);
  });

  it('answers bad, hostile and unicode input with words, never silence', async () => {
    expect(await adapter.handleLine('subscribe 25:00')).toMatch(/“25:00” is not a time/);
    expect(await adapter.handleLine('<!channel> @everyone')).toMatch(/No papers match “<!channel> @everyone”|Results/);
    expect(await adapter.handleLine('モデル 🚀')).toMatch(/No papers match/);
    expect(await adapter.handleLine('x'.repeat(5000))).toMatch(/at most 2000/);
    expect(await adapter.handleLine('   ')).toBe('');
  });
});

describe('renderMessage', () => {
  it('marks matched words in bold only with colour, and numbers buttons across cards', () => {
    const message = {
      visibility: 'private' as const,
      fallback: 'x',
      blocks: [
        {
          type: 'paper' as const,
          card: {
            paperId: 'a',
            title: 'A',
            snippet: { text: 'the merging step', marks: [[4, 11]] as [number, number][] },
            actions: [{ kind: 'save' as const, label: 'Save', invocation: { name: 'save', options: { paper: 'a' } } }],
          },
        },
        { type: 'paper' as const, card: { paperId: 'b', title: 'B', actions: [{ kind: 'save' as const, label: 'Save', invocation: { name: 'save', options: { paper: 'b' } } }] } },
      ],
    };
    const plain = renderMessage(message, { color: false });
    expect(plain.text).toMatch(/the merging step/);
    expect(plain.text).toMatch(/\[1\] Save[\s\S]*\[2\] Save/);
    expect(plain.actions.map((a) => a.invocation.options.paper)).toEqual(['a', 'b']);
    expect(renderMessage(message, { color: true }).text).toMatch(/the \u001b\[1mmerging\u001b\[0m step/);
  });
});
