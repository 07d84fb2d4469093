import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import type { Message } from '../../src/index.js';
import { textOf } from '../helpers/command-harness.js';
import { startServiceHarness } from '../helpers/service-harness.js';
import { describeChatAdapterContract, type ContractHarness } from './chat-adapter.contract.js';

/** The recording double passes the same contract, so tests built on it mean what they say. */
async function openRecording(): Promise<ContractHarness> {
  let adapter: RecordingAdapter | undefined;
  const service = await startServiceHarness({
    adapters: ({ commands }) => {
      adapter = new RecordingAdapter({ id: 'slack', commands });
      return [adapter];
    },
  });
  const here = { platform: 'slack', workspace: 'T1', channel: 'C1' };
  const text = (m: Message): string => textOf(m);
  return {
    channels: [here, { ...here, channel: 'C2' }],
    deadlineMs: 3000,
    async command(line, channel) {
      return text(await adapter!.command(line, { ...channel, user: { id: 'U1', name: 'Ada' }, now: new Date('2026-11-27T06:00:00Z'), canManageChannel: true }));
    },
    async tickAt(iso) {
      service.at(iso);
      await service.tick();
    },
    async digests(channel) {
      return adapter!.postsTo(channel.channel).map((p) => text(p.message));
    },
    close: () => service.close(),
  };
}

describeChatAdapterContract('recording', openRecording);
