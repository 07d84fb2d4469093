/** One import for tests: `import { FakeSlackApi, FakeSocketMode, postSigned } from '../fakes/slack/index.js'`. */
export * from './block-kit-limits.js';
export * from './fake-slack-api.js';
export * from './fake-socket-mode.js';
export * from './sign-request.js';
export * from './quiet-logger.js';
export * from './fake-conversations.js';
export * from './fake-channels.js';
