import { describe, expect, it } from 'vitest';
import { changesChannel, parseCommandText } from '../../src/index.js';

/** The typed forms of the personal commands, into the invocations Discord's options also produce. */
const parsed = (text: string) => parseCommandText(text);
const invocation = (name: string, options: Record<string, string | number>) => ({ ok: true, value: { name, options } });
const refused = (message: RegExp) => ({ ok: false, error: { code: 'bad_argument', message: expect.stringMatching(message) } });

describe('follow', () => {
  it.each([
    ['follow author:"Yann LeCun"', { author: 'Yann LeCun' }],
    ['follow author: Yann LeCun', { author: 'Yann LeCun' }],
    ['/papers follow AUTHOR:  “LeCun, Yann”  ', { author: 'LeCun, Yann' }],
    ["follow author: 'Y. LeCun'", { author: 'Y. LeCun' }],
    ["follow author: Conan O'Brien", { author: "Conan O'Brien" }],
    ['follow author: Jürgen Schmidhuber', { author: 'Jürgen Schmidhuber' }],
    ['follow author:李飞飞', { author: '李飞飞' }],
    ['follow topic: diffusion transformers', { topic: 'diffusion transformers' }],
    ['follow topic:"mixture of experts"', { topic: 'mixture of experts' }],
    ['follow topic: 拡散モデル 🚀', { topic: '拡散モデル 🚀' }],
    ['follow paper: 2106.09685', { paper: '2106.09685' }],
    ['follow noprop-training-neural-networks-without', { paper: 'noprop-training-neural-networks-without' }],
    ['follow https://arxiv.org/abs/2106.09685v2', { paper: 'https://arxiv.org/abs/2106.09685v2' }],
    ['follow Attention Is All You Need', { paper: 'Attention Is All You Need' }],
    ['follow <!channel> @everyone', { paper: '<!channel> @everyone' }],
    ['follow topic: <script>alert(1)</script>', { topic: '<script>alert(1)</script>' }],
    ['follow author: **bold** [x](https://evil.example)', { author: '**bold** [x](https://evil.example)' }],
    ['follow', {}],
  ])('%j', (text, options) => {
    expect(parsed(text)).toEqual(invocation('follow', options));
  });

  it.each([
    ['follow author:', /^author: needs a name after it, e\.g\. \/papers follow author: Yann LeCun\.$/],
    ['follow topic:   ', /^topic: needs words after it/],
    ['follow author: ""', /^author: needs a name/],
    ['follow paper:', /^paper: needs a paper after it/],
    ['follow author: Yann LeCun topic: vision', /^Follow one thing at a time: \/papers follow author: Yann LeCun, /],
    ['follow lora topic: adapters', /^Follow one thing at a time/],
  ])('refuses %j', (text, message) => {
    expect(parsed(text)).toEqual(refused(message));
  });
});

describe('unfollow, following', () => {
  it.each([
    ['unfollow 3', { which: '3' }],
    ['unfollow 1,4', { which: '1,4' }],
    ['unfollow 1, 4 #7', { which: '1, 4 #7' }],
    ['unfollow all', { which: 'all' }],
    ['unfollow @everyone', { which: '@everyone' }],
    ['unfollow', {}],
  ])('%j', (text, options) => {
    expect(parsed(text)).toEqual(invocation('unfollow', options));
  });

  it('reads following with nothing after it', () => {
    expect(parsed('following')).toEqual(invocation('following', {}));
    expect(parsed('/papers FOLLOWING')).toEqual(invocation('following', {}));
  });
});

describe('quiet', () => {
  it.each([
    ['quiet 22:00-08:00 Europe/Berlin', { hours: '22:00-08:00', timezone: 'Europe/Berlin' }],
    ['quiet 22:00 - 08:00 Europe/Berlin', { hours: '22:00-08:00', timezone: 'Europe/Berlin' }],
    ['quiet 22:00–08:00', { hours: '22:00-08:00' }],
    ['quiet 22 to 7 New York', { hours: '22-7', timezone: 'New York' }],
    ['quiet 22h30-7h00 berlin', { hours: '22h30-7h00', timezone: 'berlin' }],
    ['quiet off', { off: 'yes' }],
    ['quiet OFF', { off: 'yes' }],
    ['quiet', {}],
    ['quiet tonight', { hours: 'tonight' }],
    ['quiet 25:00-08:00 Mars/Base', { hours: '25:00-08:00', timezone: 'Mars/Base' }],
    ['quiet <!channel> @everyone', { hours: '<!channel>', timezone: '@everyone' }],
  ])('%j', (text, options) => {
    expect(parsed(text)).toEqual(invocation('quiet', options));
  });
});

describe('subscribe me, unsubscribe me', () => {
  it.each([
    ['subscribe me 08:30 Europe/Berlin weekdays 5', { audience: 'me', time: '08:30', timezone: 'Europe/Berlin', days: 'weekdays', count: 5 }],
    ['subscribe ME 8:30', { audience: 'me', time: '8:30' }],
    ['subscribe me weekly friday 07:00 UTC', { audience: 'me', time: '07:00', timezone: 'UTC', days: 'friday' }],
    ['subscribe me 08:30 threads: on', { audience: 'me', time: '08:30', threads: 'on' }],
    ['subscribe me 08:30 topic: lora', { audience: 'me', time: '08:30', topic: 'lora' }],
    ['subscribe 09:00 UTC', { time: '09:00', timezone: 'UTC' }],
  ])('%j', (text, options) => {
    expect(parsed(text)).toEqual(invocation('subscribe', options));
  });

  it.each([
    ['subscribe me', /^Give a time for the digest, e\.g\. \/papers subscribe me 09:00 Europe\/Berlin weekdays 5\. The form is: subscribe me HH:MM/],
    ['subscribe me me 08:30', /^I do not understand "me" here\. The form is: subscribe me HH:MM/],
    ['subscribe me 08:30 <!channel>', /^I do not understand "<!channel>" here/],
    ['subscribe mexico 08:30', /^I do not understand "mexico" here\. The form is: subscribe HH:MM/],
  ])('refuses %j', (text, message) => {
    expect(parsed(text)).toEqual(refused(message));
  });

  it.each([
    ['unsubscribe me', { audience: 'me' }],
    ['unsubscribe me weekly', { audience: 'me', digest: 'weekly' }],
    ['unsubscribe Me Daily', { audience: 'me', digest: 'daily' }],
    ['unsubscribe weekly', { digest: 'weekly' }],
  ])('%j', (text, options) => {
    expect(parsed(text)).toEqual(invocation('unsubscribe', options));
  });

  it('refuses anything else after unsubscribe me', () => {
    expect(parsed('unsubscribe me everyone')).toEqual(refused(/^I do not understand "me everyone" here\. The form is: .*unsubscribe me \[weekly\] for your own/));
  });

  it('lets subscribe me and unsubscribe me through without the channel permission, and nothing else that changes the channel', () => {
    expect(changesChannel({ name: 'subscribe', options: { time: '08:30', audience: 'me' } })).toBe(false);
    expect(changesChannel({ name: 'unsubscribe', options: { audience: 'me' } })).toBe(false);
    expect(changesChannel({ name: 'subscribe', options: { time: '08:30' } })).toBe(true);
    expect(changesChannel({ name: 'subscribe', options: { time: '08:30', audience: 'everyone' } })).toBe(true);
    expect(changesChannel({ name: 'unsubscribe', options: { digest: 'weekly' } })).toBe(true);
    for (const name of ['follow', 'following', 'unfollow', 'quiet', 'forget', 'search', 'nonsense']) expect(changesChannel({ name, options: {} })).toBe(false);
  });
});

describe('forget', () => {
  it.each(['forget me', 'forget ME', 'forget me!', '/papers forget me.'])('%j', (text) => {
    expect(parsed(text)).toEqual(invocation('forget', { who: 'me' }));
  });

  it.each([
    ['forget', /^To delete everything paperboy stores about you in this workspace .* type \/papers forget me\. It cannot be undone\.$/],
    ['forget <@U2>', /^paperboy forgets only the person who asks: \/papers forget me/],
    ['forget @everyone', /^paperboy forgets only the person who asks/],
    ['forget me and everyone', /^paperboy forgets only the person who asks/],
  ])('refuses %j without repeating it', (text, message) => {
    const result = parsed(text);
    expect(result).toEqual(refused(message));
    expect(JSON.stringify(result)).not.toMatch(/U2|everyone/);
  });
});

describe('huge input', () => {
  it.each(['follow author: ', 'follow topic: ', 'unfollow ', 'quiet ', 'forget ', 'subscribe me '])('refuses %j with 5,000 characters by the command length', (start) => {
    expect(parsed(`${start}${'x'.repeat(5000)}`)).toEqual({ ok: false, error: { code: 'query_too_long', message: expect.stringMatching(/a command is at most 2000/) } });
  });
});
