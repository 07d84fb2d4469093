import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { commandHarness, type CommandHarness } from '../helpers/command-harness.js';

/** Typing a number at the console presses the last reply's button of that number, or says there is none. */
let h: CommandHarness;
let adapter: ConsoleAdapter;

beforeEach(() => {
  h = commandHarness();
  adapter = new ConsoleAdapter({
    commands: h.commands,
    io: { input: new PassThrough(), output: { write: () => true }, color: false, prompt: false },
    clock: () => new Date('2026-11-27T08:00:00Z'),
    user: { id: 'ada', name: 'ada' },
  });
});
afterEach(async () => {
  await adapter.stop();
  await h.close();
});

describe('console buttons by number', () => {
  it('answers a number past the last button, and the buttons still work after', async () => {
    expect(await adapter.handleLine('search NoProp')).toMatch(/\[1\] Related {2}\[2\] Save {2}\[3\] Share in channel {2}\[4\] Cite/);
    expect(await adapter.handleLine('5')).toMatch(/^There is no button 5; buttons are 1–4\. To search for 5, type: search 5\n/);
    expect(await adapter.handleLine('0')).toMatch(/^There is no button 0; buttons are 1–4\./);
    expect(await adapter.handleLine('99')).toMatch(/^There is no button 99; buttons are 1–4\./);
    expect(await adapter.handleLine('2')).toMatch(/^Saved “NoProp/);
    expect(await h.storage.savedPaperIds('console', 'local', 'ada')).toEqual(['noprop-training-neural-networks-without']);
  });

  it('says so when the last reply had no buttons', async () => {
    expect(await adapter.handleLine('3')).toMatch(/^There is no button 3: the last reply has no buttons\. To search for 3, type: search 3\n/);
    await adapter.handleLine('/papers help');
    expect(await adapter.handleLine('1')).toMatch(/^There is no button 1: the last reply has no buttons\./);
  });

  it('still searches for longer numbers and for `search N`', async () => {
    expect(await adapter.handleLine('search NoProp')).toMatch(/\[3\] Share in channel/);
    expect(await adapter.handleLine('2026')).not.toMatch(/There is no button/);
    expect(await adapter.handleLine('search 7')).not.toMatch(/There is no button/);
  });

  it('takes full-width and other-script digits as text, not as a button', async () => {
    await adapter.handleLine('search NoProp');
    expect(await adapter.handleLine('２')).not.toMatch(/^Saved/);
    expect(await adapter.handleLine('٢')).not.toMatch(/^Saved/);
  });
});
