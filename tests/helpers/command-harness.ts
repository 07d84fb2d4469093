import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandService, type CommandContext, type CommandService, type Logger, type Message, type Paperboy, type Storage } from '../../src/index.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { shippedPaperboy } from './shipped-corpus.js';

/** The command service over the shipped corpus (or another) and a real SQLite file, with a recording logger. */
export interface CommandHarness {
  readonly commands: CommandService;
  readonly storage: Storage;
  readonly logged: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
  ctx(overrides?: Partial<CommandContext>): CommandContext;
  close(): Promise<void>;
}

export function recordingLogger(into: CommandHarness['logged']): Logger {
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void into.push({ level, fields, message });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function commandHarness(options: { paperboy?: Paperboy; storage?: (real: Storage) => Storage } = {}): CommandHarness {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-commands-'));
  const storage = SqliteStorage.open(join(dir, 'paperboy.sqlite'));
  const logged: CommandHarness['logged'] = [];
  // `storage` may wrap the real one, e.g. to make one call fail; the harness itself keeps the real one.
  const commands = createCommandService({ paperboy: options.paperboy ?? shippedPaperboy(), storage: options.storage?.(storage) ?? storage, logger: recordingLogger(logged) });
  return {
    commands,
    storage,
    logged,
    ctx: (overrides = {}) => ({
      platform: 'slack',
      workspace: 'T1',
      channel: 'C1',
      user: { id: 'U1', name: 'Ada' },
      now: new Date('2026-11-27T08:00:00Z'),
      canManageChannel: true,
      ...overrides,
    }),
    async close() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** All the plain text of a message, for assertions about what a user reads. */
export function textOf(message: Message): string {
  return message.blocks
    .map((b) => {
      if (b.type === 'paper') return [b.card.title, b.card.summary, b.card.why, b.card.snippet?.text].filter(Boolean).join(' | ');
      if (b.type === 'actions') return b.actions.map((a) => a.label).join(' ');
      return b.text;
    })
    .join('\n');
}
