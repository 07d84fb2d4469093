import type { Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import { COMMANDS, commandNamed } from './command-definitions.js';

/** Every visible command with its usage and one example; or one command in full. */
export function helpCommand(options: { command?: string }): Message {
  if (options.command) {
    const command = commandNamed(options.command);
    if (!command || command.hidden) {
      const names = COMMANDS.filter((c) => !c.hidden)
        .map((c) => c.name)
        .join(', ');
      return textMessage(`There is no command “${options.command.slice(0, 40)}”. The commands are: ${names}.`);
    }
    return {
      visibility: 'private',
      fallback: `/papers ${command.usage}: ${command.summary}`,
      blocks: [{ type: 'heading', text: `/papers ${command.usage}` }, { type: 'text', text: command.summary }, ...command.examples.map((e) => ({ type: 'note' as const, text: `/papers ${e}` }))],
    };
  }
  const visible = COMMANDS.filter((c) => !c.hidden);
  return {
    visibility: 'private',
    fallback: `paperboy commands: ${visible.map((c) => c.name).join(', ')}`,
    blocks: [
      { type: 'heading', text: 'paperboy: research papers where your team talks' },
      ...visible.map((c) => ({ type: 'text' as const, text: `/papers ${c.usage}: ${c.summary}. e.g. /papers ${c.examples[0] ?? c.usage}` })),
      { type: 'note', text: 'Anything else after /papers is a search: /papers diffusion transformers. Search syntax: "exact phrase", -exclude, author:name, title:word, since:2024, has:code.' },
    ],
  };
}
