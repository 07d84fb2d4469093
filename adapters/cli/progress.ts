import { SingleBar, Presets } from 'cli-progress';

/**
 * Progress for long work: a bar with rate and ETA on a terminal, a plain line every 10%
 * otherwise (CI logs, pipes), nothing for work too small to notice.
 */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export function createProgress(label: string, total: number, stream: ProgressStream, minTotal = 50): Progress {
  if (total < minTotal) return { update() {}, stop() {} };
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} · {speed}/s · ETA {eta_formatted}`, stream: stream as NodeJS.WritableStream, hideCursor: true }, Presets.shades_classic);
    const started = Date.now();
    bar.start(total, 0, { speed: '0' });
    return {
      update(done) {
        const seconds = (Date.now() - started) / 1000;
        bar.update(done, { speed: seconds > 0 ? Math.round(done / seconds).toString() : '0' });
      },
      stop: () => bar.stop(),
    };
  }
  let nextShare = 0.1;
  return {
    update(done) {
      if (done / total + 1e-9 < nextShare) return;
      stream.write(`${label}: ${done}/${total} (${Math.floor((done / total) * 100)}%)\n`);
      while (nextShare <= done / total + 1e-9) nextShare += 0.1;
    },
    stop() {},
  };
}
