import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import { DeliveryError, type PersonRef } from '../../src/index.js';
import { commandHarness, type CommandHarness } from '../helpers/command-harness.js';
import { alertActions, alertMessage, card } from '../helpers/message-fixtures.js';

/** Direct messages (alerts, personal digests) on the console and the recording double. */
const NOPROP = 'noprop-training-neural-networks-without';
const nopropCard = card({ paperId: NOPROP, title: 'NoProp: Training Neural Networks without Back-propagation', why: 'topic: backpropagation', actions: alertActions(NOPROP) });

describe('console direct messages', () => {
  let h: CommandHarness;
  let output: string;
  let adapter: ConsoleAdapter;

  beforeEach(() => {
    h = commandHarness();
    output = '';
    adapter = new ConsoleAdapter({
      commands: h.commands,
      io: { input: new PassThrough(), output: { write: (t: string) => (output += t) }, color: false, prompt: false },
      clock: () => new Date('2026-11-27T08:00:00Z'),
      user: { id: 'ada', name: 'Ada' },
    });
  });
  afterEach(async () => {
    await adapter.stop();
    await h.close();
  });

  it('prints a direct message to the console’s person under its own heading, private, with buttons that work', async () => {
    expect(adapter.person).toEqual({ platform: 'console', workspace: 'local', user: 'ada' });
    const receipt = await adapter.postDirect(adapter.person, alertMessage([nopropCard]));
    expect(receipt.messageId).toMatch(/^console-\d+$/);
    expect(output).toMatch(
      /^\n── direct message to Ada ──\nNew papers for you\n[\s\S]*NoProp: Training Neural Networks[\s\S]*topic: backpropagation[\s\S]*\[1\] Save {2}\[2\] Cite[\s\S]*\(only you see this\)\n$/,
    );
    expect(adapter.posts.map((p) => [p.kind, p.channel, p.messageId])).toEqual([['direct', 'user:ada', receipt.messageId]]);
    // Typing 1 presses Save on the alert.
    expect(await adapter.handleLine('1')).toMatch(/^Saved “NoProp/);
    expect(await h.storage.savedPaperIds('console', 'local', 'ada')).toEqual([NOPROP]);
  });

  it('refuses, for good, a person who does not use this console, printing nothing', async () => {
    const error = await adapter.postDirect({ ...adapter.person, user: 'bob' }, alertMessage([nopropCard])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ permanent: true, message: 'console: only ada uses this console; bob cannot get direct messages here' });
    expect(output).toBe('');
    expect(adapter.posts).toEqual([]);
  });

  it('prints hostile and unicode text as text', async () => {
    const title = '<!channel> @everyone <script>alert(1)</script> モデル 🚀';
    await adapter.postDirect(adapter.person, alertMessage([card({ title, actions: alertActions('p1') })]));
    expect(output).toContain(title);
  });
});

describe('recording direct messages', () => {
  const ada: PersonRef = { platform: 'slack', workspace: 'T1', user: 'U1' };
  const bob: PersonRef = { ...ada, user: 'U2' };

  it('records each direct message with its person, in order, apart from channel posts', async () => {
    const adapter = new RecordingAdapter({ id: 'slack' });
    const first = await adapter.postDirect(ada, alertMessage([nopropCard]));
    await adapter.postDirect(bob, alertMessage([nopropCard], 'Your daily papers'));
    const second = await adapter.postDirect(ada, alertMessage([nopropCard], 'More papers for you'));
    expect(first.messageId).not.toBe(second.messageId);
    expect(adapter.directs.map((d) => [d.person.user, d.message.blocks[0]])).toEqual([
      ['U1', { type: 'heading', text: 'New papers for you' }],
      ['U2', { type: 'heading', text: 'Your daily papers' }],
      ['U1', { type: 'heading', text: 'More papers for you' }],
    ]);
    expect(adapter.directsTo('U1').map((d) => d.messageId)).toEqual([first.messageId, second.messageId]);
    expect(adapter.posts).toEqual([]);
  });

  it('fails a person as arranged, permanently or not, until cleared; others still get theirs', async () => {
    const adapter = new RecordingAdapter();
    const closed = new DeliveryError('Slack: cannot_dm_bot: this user is a bot', { permanent: true });
    adapter.failPerson('U1', closed);
    await expect(adapter.postDirect(ada, alertMessage([nopropCard]))).rejects.toBe(closed);
    await adapter.postDirect(bob, alertMessage([nopropCard]));
    adapter.failPerson('U1', new DeliveryError('Slack: rate limited', { permanent: false, retryAfterMs: 1000 }));
    await expect(adapter.postDirect(ada, alertMessage([nopropCard]))).rejects.toMatchObject({ permanent: false, retryAfterMs: 1000 });
    adapter.failPerson('U1', undefined);
    await adapter.postDirect(ada, alertMessage([nopropCard]));
    expect(adapter.directs.map((d) => d.person.user)).toEqual(['U2', 'U1']);
  });
});
