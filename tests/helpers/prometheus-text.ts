/**
 * A reader for Prometheus' text exposition format (what /metrics serves), so tests assert
 * on samples rather than on substrings: `# HELP` / `# TYPE` lines, then
 * `name{label="value",…} value [timestamp]`, label values escaped with \\, \" and \n.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  readonly samples: readonly Sample[];
  /** Metric family name → counter, gauge, histogram, summary or untyped. */
  readonly types: ReadonlyMap<string, string>;
  readonly help: ReadonlyMap<string, string>;
  /** The sample's value with exactly these labels; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Every sample of `name` whose labels include `labels`. */
  find(name: string, labels?: Record<string, string>): Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

/** Prometheus reads values with Go's ParseFloat: Inf and NaN in any case (prom-client writes `Nan`). */
function parseValue(text: string): number {
  const word = text.toLowerCase();
  if (word === '+inf' || word === 'inf') return Number.POSITIVE_INFINITY;
  if (word === '-inf') return Number.NEGATIVE_INFINITY;
  if (word === 'nan') return Number.NaN;
  const n = Number(text);
  if (text === '' || Number.isNaN(n)) throw new Error(`not a sample value: ${JSON.stringify(text)}`);
  return n;
}

/** Reads `{a="x",b="y"}` from position `at` (just after the `{`); returns the labels and the position after `}`. */
function parseLabels(line: string, at: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = at;
  for (;;) {
    while (line[i] === ' ') i += 1;
    if (line[i] === '}') return [labels, i + 1];
    const name = NAME.exec(line.slice(i))?.[0];
    if (!name || line[i + name.length] !== '=' || line[i + name.length + 1] !== '"') throw new Error(`bad label at ${i}: ${line}`);
    i += name.length + 2;
    let value = '';
    for (;;) {
      const c = line[i];
      if (c === undefined) throw new Error(`unterminated label value: ${line}`);
      i += 1;
      if (c === '"') break;
      if (c === '\\') {
        const escaped = line[i];
        i += 1;
        value += escaped === 'n' ? '\n' : (escaped ?? '');
      } else value += c;
    }
    if (name in labels) throw new Error(`label ${name} twice: ${line}`);
    labels[name] = value;
    while (line[i] === ' ') i += 1;
    if (line[i] === ',') i += 1;
    else if (line[i] !== '}') throw new Error(`expected , or } at ${i}: ${line}`);
  }
}

const sameLabels = (a: Readonly<Record<string, string>>, b: Record<string, string>): boolean => Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

export function parsePrometheusText(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)\s?(.*)$/.exec(line);
      if (m?.[1] === 'TYPE') types.set(m[2]!, m[3]!.trim());
      else if (m?.[1] === 'HELP') help.set(m[2]!, m[3]!);
      continue;
    }
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`not a sample line: ${line}`);
    let i = name.length;
    let labels: Record<string, string> = {};
    if (line[i] === '{') [labels, i] = parseLabels(line, i + 1);
    const [value = '', timestamp, extra] = line.slice(i).trim().split(/\s+/);
    if (extra !== undefined || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) throw new Error(`trailing text: ${line}`);
    samples.push({ name, labels, value: parseValue(value) });
  }
  return {
    samples,
    types,
    help,
    value: (name, labels = {}) => samples.find((s) => s.name === name && sameLabels(s.labels, labels))?.value,
    find: (name, labels = {}) => samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)),
  };
}
