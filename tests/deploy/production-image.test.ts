import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ENV_VARIABLES } from '../../adapters/service/config.js';
import { copyBuildContext, dockerIgnores, envPairs, execForm, type Instruction, parseDockerfile, type Stage } from '../helpers/dockerfile.js';

/**
 * The container image, checked without a container engine: the Dockerfile's own steps (read
 * from it, so the two cannot drift) run on a copy of the build context, and the result is
 * started the way the image starts it. Installing compiles better-sqlite3 where its prebuilt
 * binary cannot be downloaded, so the slow steps get minutes, not seconds.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const INSTALL_MS = 15 * 60_000;
const stages = parseDockerfile(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
const [buildStage, runtimeStage] = stages as [Stage, Stage];
const stepsOf = (stage: Stage, keyword: string): Instruction[] => stage.steps.filter((s) => s.keyword === keyword);
const runtimeEnv = Object.assign({}, ...stepsOf(runtimeStage, 'ENV').map((s) => envPairs(s.rest))) as Record<string, string>;
const cmd = execForm(stepsOf(runtimeStage, 'CMD').at(-1)!.rest);
const healthcheck = execForm(
  stepsOf(runtimeStage, 'HEALTHCHECK')
    .at(-1)!
    .rest.replace(/^CMD\s+/, ''),
);

/** This process's environment without what npm, vitest or a developer's shell would leak into the image's steps. */
function cleanEnv(): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(npm_(lifecycle|package|execpath|node_execpath|command)|VITEST|PAPERBOY_|SLACK_|DISCORD_)|^(NODE_ENV|NODE_OPTIONS|INIT_CWD|DATABASE_URL)$/.test(key)) delete env[key];
  }
  return env;
}

/** Runs a command to its end; rejects with its output's tail when it fails. */
function run(file: string, args: string[], options: { cwd: string; env: Record<string, string | undefined> }): Promise<{ code: number | null; stdout: string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, output }));
  });
}

async function mustRun(file: string, args: string[], options: { cwd: string; env: Record<string, string | undefined> }): Promise<{ stdout: string; output: string }> {
  const { code, stdout, output } = await run(file, args, options);
  if (code !== 0) throw new Error(`${[file, ...args].join(' ')} exited ${code}:\n${output.slice(-4000)}`);
  return { stdout, output };
}

/** Steps that set up the container's system, not the app: they cannot (and need not) run here. */
const SYSTEM_STEP = /^(apt-get|mkdir -p \/data && chown node:node \/data$)/;

/**
 * One stage's instructions, in a directory standing for the stage's filesystem (`/app` is
 * `<fs>/app`). RUN steps that start with npm run through sh, as Docker's shell form does;
 * anything else must be a known system step, or the test stops and asks to be taught it.
 */
async function runStage(stage: Stage, fs: string, context: string, built: Map<string, string>): Promise<{ workdir: string; systemSteps: string[] }> {
  let workdir = fs;
  const env: Record<string, string | undefined> = { ...cleanEnv(), npm_config_prefer_offline: 'true' };
  const systemSteps: string[] = [];
  for (const step of stage.steps) {
    if (step.keyword === 'WORKDIR') {
      if (!isAbsolute(step.rest)) throw new Error(`WORKDIR ${step.rest}: use an absolute path`);
      workdir = join(fs, step.rest);
      mkdirSync(workdir, { recursive: true });
    } else if (step.keyword === 'ENV') Object.assign(env, envPairs(step.rest));
    else if (step.keyword === 'COPY') {
      const parts = step.rest.split(/\s+/);
      const dest = parts.pop()!;
      const from = step.flags['from'];
      const sourceRoot = from === undefined ? context : built.get(from);
      if (sourceRoot === undefined) throw new Error(`COPY --from=${from}: no such stage before this one`);
      const target = isAbsolute(dest) ? join(fs, dest) : join(workdir, dest);
      for (const source of parts) {
        const path = join(sourceRoot, source);
        const into = dest.endsWith('/') || parts.length > 1 || source === '.' ? join(target, source === '.' ? '' : source.split('/').at(-1)!) : target;
        cpSync(path, into, { recursive: true, verbatimSymlinks: true });
      }
    } else if (step.keyword === 'RUN') {
      if (SYSTEM_STEP.test(step.rest)) systemSteps.push(step.rest);
      else if (/^npm /.test(step.rest)) await mustRun('sh', ['-c', step.rest], { cwd: workdir, env });
      else throw new Error(`RUN ${step.rest}: the deploy test does not know this step; run it here or list it as a system step`);
    } else if (!['USER', 'VOLUME', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'CMD', 'LABEL', 'ARG'].includes(step.keyword)) {
      throw new Error(`${step.keyword}: the deploy test does not know this instruction`);
    }
  }
  return { workdir, systemSteps };
}

describe('the Dockerfile', () => {
  it('builds on node:20-bookworm-slim and runs as the node user with its data in the /data volume', () => {
    expect(stages.map((s) => [s.image, s.name])).toEqual([
      ['node:20-bookworm-slim', 'build'],
      ['node:20-bookworm-slim', undefined],
    ]);
    expect(stepsOf(runtimeStage, 'USER').map((s) => s.rest)).toEqual(['node']);
    expect(runtimeEnv).toMatchObject({ PAPERBOY_DATA_DIR: '/data', NODE_ENV: 'production', PAPERBOY_CONSOLE: 'off' });
    expect(stepsOf(runtimeStage, 'VOLUME').map((s) => s.rest)).toEqual(['/data']);
    expect(stepsOf(runtimeStage, 'EXPOSE').map((s) => s.rest)).toEqual(['3000']);
    expect(stepsOf(runtimeStage, 'STOPSIGNAL').map((s) => s.rest)).toEqual(['SIGTERM']);
    expect(cmd).toEqual(['node', 'bin/paperboy.js', 'serve']);
    expect(healthcheck.slice(0, 2)).toEqual(['node', '-e']);
    expect(healthcheck[2]).toContain('/healthz');
    // The volume's directory is the node user's: a new named volume takes its owner from it.
    expect(stepsOf(runtimeStage, 'RUN').map((s) => s.rest)).toContain('mkdir -p /data && chown node:node /data');
  });

  it('fetches or builds the binary of every dependency with an install script, since it installs without scripts', () => {
    const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean; dev?: boolean }> };
    const native = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript && !p.dev)
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    expect(native).toContain('better-sqlite3');
    const runs = stepsOf(buildStage, 'RUN')
      .map((s) => s.rest)
      .join('\n');
    for (const name of native) expect(runs).toMatch(new RegExp(`npm rebuild [^\\n]*\\b${name}\\b`));
  });

  it('.dockerignore keeps installed, built, local and secret files out of the image', () => {
    const rules = readFileSync(join(REPO, '.dockerignore'), 'utf8');
    for (const path of [
      'node_modules',
      'node_modules/pg/package.json',
      'dist/adapters/cli/main.js',
      'data/paperboy.sqlite',
      'bench-data/x.jsonl',
      '.git/HEAD',
      '.env',
      'coverage/index.html',
      'npm-debug.log',
    ]) {
      expect([path, dockerIgnores(rules, path)]).toEqual([path, true]);
    }
    for (const path of [
      'package.json',
      'package-lock.json',
      'scripts/prepare.js',
      'src/index.ts',
      'tests/fakes/slack/fake-slack.ts',
      'corpus/hf-trending-2026-11-26.txt',
      '.env.example',
      'tsconfig.build.json',
    ]) {
      expect([path, dockerIgnores(rules, path)]).toEqual([path, false]);
    }
  });
});

describe('compose.yml', () => {
  const compose = parseYaml(readFileSync(join(REPO, 'compose.yml'), 'utf8')) as { services: Record<string, Record<string, unknown>>; volumes: Record<string, unknown> };
  const paperboy = compose.services['paperboy']!;
  const postgres = compose.services['postgres']!;

  it('runs the image against PostgreSQL once it is healthy, with a stop grace above the service’s 8-second shutdown', () => {
    expect(paperboy).toMatchObject({ build: '.', restart: 'unless-stopped', init: true, stop_grace_period: '15s', depends_on: { postgres: { condition: 'service_healthy' } } });
    const environment = paperboy['environment'] as Record<string, string | number>;
    expect(String(environment['DATABASE_URL'])).toMatch(/^postgres:\/\/paperboy:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/paperboy$/);
    expect(environment['PAPERBOY_DATA_DIR']).toBe('/data');
    // A misspelt name would be silently ignored by the service.
    for (const name of Object.keys(environment)) expect(ENV_VARIABLES).toContain(name);
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']) expect(environment[name]).toBe(`\${${name}:-}`);
    expect(paperboy['ports']).toEqual(['3000:3000']);
    expect(paperboy['volumes']).toEqual(['paperboy-data:/data']);
    expect((paperboy['healthcheck'] as { test: string[] }).test).toEqual(['CMD', ...healthcheck]);
  });

  it('keeps PostgreSQL’s data in a named volume and reports it healthy only when it accepts connections', () => {
    expect(postgres['image']).toBe('postgres:16');
    expect(postgres['volumes']).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect((postgres['healthcheck'] as { test: string[] }).test.join(' ')).toMatch(/pg_isready/);
    expect(String((postgres['environment'] as Record<string, string>)['POSTGRES_PASSWORD'])).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(Object.keys(compose.volumes)).toEqual(['paperboy-data', 'postgres-data']);
  });
});

describe('the image’s steps, run on a copy of the repository', () => {
  let root: string;
  let app: string;
  let buildApp: string;
  let systemSteps: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'paperboy-image-'));
    const context = join(root, 'context');
    copyBuildContext(REPO, context);
    const built = new Map<string, string>();
    const build = await runStage(buildStage, join(root, 'build'), context, built);
    built.set('build', join(root, 'build'));
    buildApp = build.workdir;
    const runtime = await runStage(runtimeStage, join(root, 'runtime'), context, built);
    app = runtime.workdir;
    systemSteps = [...build.systemSteps, ...runtime.systemSteps];
  }, INSTALL_MS);

  // Two installs' worth of files: removing them takes a while on a busy disk.
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  }, 120_000);

  it('ships the built code and production dependencies only, and no developer files', () => {
    expect(systemSteps.length).toBeGreaterThan(0);
    for (const path of [
      'package.json',
      'bin/paperboy.js',
      'dist/adapters/cli/main.js',
      'dist/adapters/search/search-worker.js',
      'corpus/hf-trending-2026-11-26.txt',
      'node_modules/better-sqlite3',
      'node_modules/pg',
    ]) {
      expect([path, existsSync(join(app, path))]).toEqual([path, true]);
    }
    for (const path of ['node_modules/typescript', 'node_modules/vitest', 'node_modules/@biomejs/biome', 'node_modules/fast-check', 'src', 'tests', '.env', '.git']) {
      expect([path, existsSync(join(app, path))]).toEqual([path, false]);
    }
  });

  it('serves /healthz and /search, passes its HEALTHCHECK, and exits 0 on SIGTERM', async () => {
    const dataDir = join(root, 'volume-data');
    mkdirSync(dataDir);
    // The image's environment, with the volume, a free port and no network feeds standing in for the container's.
    const env = { ...cleanEnv(), ...runtimeEnv, PAPERBOY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', PAPERBOY_FEEDS: 'none' };
    const child: ChildProcess = spawn(process.execPath, cmd.slice(1), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      let started: string | undefined;
      let ready = false;
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        for (const line of stderr.split('\n').slice(0, -1)) {
          if (!line.startsWith('{')) continue;
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'service started') started = entry.url;
          if (entry.msg === 'corpus ready') ready = true;
        }
        if (started && ready) resolve(started);
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(existsSync(join(dataDir, 'paperboy.sqlite'))).toBe(true);

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const search = (await (await fetch(`${url}/search?q=diffusion`)).json()) as { total: number; results: { id: string; title: string }[] };
    expect(search.total).toBeGreaterThan(0);
    expect(search.results[0]!.title).toMatch(/diffusion/i);

    const port = new URL(url).port;
    const check = () => run(process.execPath, healthcheck.slice(1), { cwd: app, env: { ...cleanEnv(), ...runtimeEnv, PORT: port } });
    expect((await check()).code).toBe(0);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/"msg":"stopped"/);
    // And the same check fails once nothing answers, so an unhealthy container is noticed.
    expect((await check()).code).toBe(1);
  }, 120_000);

  it(
    'npm ci --omit=dev on the built tree installs production dependencies and keeps dist/',
    async () => {
      const { output } = await mustRun('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: buildApp, env: { ...cleanEnv(), npm_config_prefer_offline: 'true' } });
      expect(output).toMatch(/TypeScript is not installed \(a production install\): keeping the dist\/ already built/);
      expect(existsSync(join(buildApp, 'node_modules/typescript'))).toBe(false);
      // The reinstalled native module loads: the command answers from the built code.
      const { stdout } = await mustRun(process.execPath, ['bin/paperboy.js', 'search', 'NoProp', '--json', '--limit', '1'], {
        cwd: buildApp,
        env: { ...cleanEnv(), PAPERBOY_DATA_DIR: join(root, 'cli-data') },
      });
      expect((JSON.parse(stdout) as { results: { id: string }[] }).results[0]!.id).toBe('noprop-training-neural-networks-without');
    },
    INSTALL_MS,
  );
});
