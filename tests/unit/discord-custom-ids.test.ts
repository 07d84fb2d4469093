import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeButton, decodeInvocation, encodeButton, encodeInvocation } from '../../adapters/discord/custom-ids.js';
import type { CommandInvocation } from '../../src/index.js';

// Discord's limit for a component's custom_id, written out again so the test does not trust the module's copy.
const DISCORD_CUSTOM_ID_MAX = 100;

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const value = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const invocation: fc.Arbitrary<CommandInvocation> = fc.record({
  name: fc.oneof(fc.constantFrom('search', 'save', 'upvote', 'related', 'share'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })),
  options: fc.dictionary(fc.oneof(fc.constantFrom('paper', 'query', 'page', '__proto__', 'a|b', 'x=y', '#', '%'), text), value, { maxKeys: 4 }),
});

describe('encodeInvocation / decodeInvocation', () => {
  it('writes a readable id that a digest button can carry', () => {
    const save = { name: 'save', options: { paper: 'noprop-training-neural-networks-without' } };
    expect(encodeInvocation(save)).toBe('pb1|save|paper=noprop-training-neural-networks-without');
    expect(decodeInvocation('pb1|save|paper=noprop-training-neural-networks-without')).toEqual(save);
  });

  it('brings numbers back as numbers and number-like text back as text', () => {
    const next = { name: 'search', options: { query: '2', page: 2 } };
    const id = encodeInvocation(next)!;
    const back = decodeInvocation(id)!;
    expect(back).toEqual(next);
    expect(typeof back.options.page).toBe('number');
    expect(typeof back.options.query).toBe('string');
    const negativeZero = decodeInvocation(encodeInvocation({ name: 'x', options: { n: -0 } })!)!;
    expect(Object.is(negativeZero.options.n, -0)).toBe(true);
  });

  it('keeps separators, percent signs and emoji inside values intact', () => {
    const hostile = { name: 'search', options: { query: 'a|b=c #1 100% 😀 キャット', page: 3 } };
    const id = encodeInvocation(hostile)!;
    expect(id).not.toBeUndefined();
    expect(id.split('|')).toHaveLength(4); // the | in the query is not a separator
    expect(decodeInvocation(id)).toEqual(hostile);
  });

  it('costs one character per CJK character or emoji, so non-Latin queries still fit', () => {
    const query = 'トランスフォーマー'.repeat(8); // 72 characters
    const id = encodeInvocation({ name: 'search', options: { query, page: 2 } });
    expect(id).toBeDefined();
    expect(id!.length).toBeLessThanOrEqual(DISCORD_CUSTOM_ID_MAX);
  });

  it('gives up (undefined) when the invocation cannot fit in 100 characters, or is not an invocation', () => {
    expect(encodeInvocation({ name: 'search', options: { query: 'q'.repeat(200) } })).toBeUndefined();
    expect(encodeInvocation({ name: '', options: {} })).toBeUndefined();
    expect(encodeInvocation({ name: 'x', options: { n: Number.NaN } })).toBeUndefined();
    expect(encodeInvocation({ name: 'x', options: { s: '\ud800' } })).toBeUndefined();
  });

  it('refuses ids it did not write: other apps, garbage, edits', () => {
    for (const id of [
      '',
      'pb1',
      'pb2|save|paper=x',
      'confirm_delete',
      'pb1|save|paper',
      'pb1|save|paper=%E0%A4%A',
      'pb1|save|paper=x|paper=y',
      'pb1|save|page=#',
      'pb1|save|page=#1e2',
      'pb1|save|paper=%41',
      'pb#abc.1',
    ]) {
      expect(decodeInvocation(id)).toBeUndefined();
    }
  });

  it('decodes exactly what it encoded, within Discord’s 100 characters (property)', () => {
    fc.assert(
      fc.property(invocation, (inv) => {
        const id = encodeInvocation(inv);
        if (id === undefined) return;
        expect(id.length).toBeLessThanOrEqual(DISCORD_CUSTOM_ID_MAX);
        expect(decodeInvocation(id)).toEqual(inv);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts nothing but canonical ids: any one-character edit changes the result or is refused (property)', () => {
    fc.assert(
      fc.property(invocation, fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (inv, at, ch) => {
        const id = encodeInvocation(inv);
        if (id === undefined || id.length === 0) return;
        const i = at % id.length;
        const edited = id.slice(0, i) + ch + id.slice(i + 1);
        if (edited === id) return;
        const decoded = decodeInvocation(edited);
        if (decoded !== undefined) expect(encodeInvocation(decoded)).toBe(edited);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary strings (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 120 }),
          fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `pb1|${s}`),
        ),
        (s) => {
          expect(() => decodeInvocation(s)).not.toThrow();
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('encodeButton / decodeButton: buttons on direct messages name their server', () => {
  const GUILD = '300000000000000001';
  const save = { name: 'save', options: { paper: 'noprop-training-neural-networks-without' } };

  it('writes the server after the version, and reads both it and the command back', () => {
    const id = encodeButton(save, GUILD)!;
    expect(id).toBe(`pb1@${GUILD}|save|paper=noprop-training-neural-networks-without`);
    expect(decodeButton(id)).toEqual({ invocation: save, workspace: GUILD });
    // Channel buttons are unchanged, and read with no server.
    expect(encodeButton(save)).toBe(encodeInvocation(save));
    expect(decodeButton(encodeInvocation(save)!)).toEqual({ invocation: save });
    // The plain decoder does not take a tagged id for one of its own.
    expect(decodeInvocation(id)).toBeUndefined();
  });

  it('writes no server that is not a Discord id, and gives up when the tag would pass 100 characters', () => {
    expect(encodeButton(save, 'dm')).toBe(encodeInvocation(save));
    expect(encodeButton(save, '<@&123>')).toBe(encodeInvocation(save));
    const long = { name: 'search', options: { query: 'q'.repeat(70) } };
    expect(encodeInvocation(long)).toBeDefined();
    expect(encodeButton(long, GUILD)).toBeUndefined();
  });

  it('refuses tampered tags and anything it did not write', () => {
    for (const id of ['pb1@|save|paper=x', 'pb1@abc|save|paper=x', `pb1@${GUILD}`, `pb1@${GUILD}|`, `pb1@0${GUILD}x|save|paper=x`, `pb1@${GUILD}|save|paper`, `pb2@${GUILD}|save|paper=x`]) {
      expect(decodeButton(id)).toBeUndefined();
    }
  });

  it('decodes exactly what it encoded, with or without a server (property)', () => {
    fc.assert(
      fc.property(invocation, fc.option(fc.bigInt({ min: 0n, max: 10n ** 19n }).map(String), { nil: undefined }), (inv, workspace) => {
        const id = encodeButton(inv, workspace);
        if (id === undefined) return;
        expect(id.length).toBeLessThanOrEqual(DISCORD_CUSTOM_ID_MAX);
        expect(decodeButton(id)).toEqual(workspace === undefined ? { invocation: inv } : { invocation: inv, workspace });
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary strings (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `pb1@${s}`),
        (s) => {
          expect(() => decodeButton(s)).not.toThrow();
        },
      ),
      { numRuns: 1000 },
    );
  });
});
