import { CliExit, CliFailure, type CliContext } from '../cli-context.js';

/**
 * The long-running commands: `serve` (what `npm start` runs), `chat` and `digest`. Their
 * modules load only when used, so `paperboy search` never pays for pino, pg or node-cron.
 */
export async function configFrom(ctx: CliContext) {
  const { parseConfig } = await import('../../service/config.js');
  const { withEnvFile } = await import('../../service/env-file.js');
  const { env, problems } = withEnvFile(ctx.io.env);
  const parsed = parseConfig(env);
  const all = [...problems, ...(parsed.ok ? [] : parsed.problems)];
  if (all.length > 0 || !parsed.ok) throw new CliFailure(`configuration: ${all.join('; ')} (see .env.example)`);
  return parsed.config;
}

export async function serveCommand(): Promise<void> {
  const { serve } = await import('../../service/main.js');
  const status = await serve({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
  if (status !== 0) throw new CliExit(status);
}

export async function chatCommand(ctx: CliContext): Promise<void> {
  const config = await configFrom(ctx);
  const { chat } = await import('../../service/chat.js');
  await chat(config, { stdin: process.stdin, stdout: ctx.io.stdout, stderr: ctx.io.stderr, color: ctx.io.color });
}

export async function digestCommand(ctx: CliContext, options: { dryRun?: boolean; channel?: string; date?: string }): Promise<void> {
  if (!options.dryRun) throw new CliFailure('digest only previews: add --dry-run (the running service posts digests itself)');
  const config = await configFrom(ctx);
  const { previewDigest, PreviewError } = await import('../../service/digest-preview.js');
  try {
    await previewDigest(
      config,
      { stdout: ctx.io.stdout, stderr: ctx.io.stderr, color: ctx.io.color },
      {
        ...(options.channel ? { channel: options.channel } : {}),
        ...(options.date ? { date: options.date } : {}),
      },
    );
  } catch (error) {
    if (error instanceof PreviewError) throw new CliFailure(error.message);
    throw error;
  }
}
