/** One import for tests: `import { FakeDiscord, mentionsThatWouldPing } from '../fakes/discord/index.js'`. */
export { FakeDiscord, type FakeDiscordOptions } from './fake-discord.js';
export type { RecordedCall } from './rest-api.js';
export type { InteractionRecord } from './interactions.js';
export type { FakeGuild, FakeMessage } from './payloads.js';
export { DEFAULT_GUILD, DEFAULT_USER } from './payloads.js';
export type { AutocompleteInput, ButtonInput, ChatInputInput, CommandOption, InteractionInput, InteractionUser } from './interaction-payloads.js';
export type { FaultResponse, RateLimitOptions } from './faults.js';
export { mentionsThatWouldPing, type MentionWhere, type Ping } from './mentions.js';
export { MESSAGE_LIMITS } from './message-limits.js';
export { checkCommand } from './command-registry.js';
export type { FakeThread, ThreadPermission } from './threads.js';
export type { DirectMessageArrangement } from './direct-messages.js';
