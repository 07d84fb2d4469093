import type { CliIo } from '../../adapters/cli/cli-context.js';

/** CLI streams that record what was written, and a fixed clock. */
export interface RecordingIo extends CliIo {
  readonly stdoutText: () => string;
  readonly stderrText: () => string;
}

/** Storage the CLI would read ingested papers from: none, unless a test gives one (a developer's ./data must not leak in). */
const NO_STORAGE = { PAPERBOY_DATA_DIR: '/nonexistent/paperboy-test-data' };

export function recordingIo(today = '2026-11-27', env: Record<string, string | undefined> = NO_STORAGE): RecordingIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    color: false,
    today: () => today,
    env,
    stdoutText: () => out,
    stderrText: () => err,
  };
}
