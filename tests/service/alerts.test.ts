import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import { authorFollow, DeliveryError, MAX_FOLLOWS, parseHfDailyPapers, topicFollow, type FeedReader, type Message, type PersonRef, type Storage } from '../../src/index.js';
import { freshSchema, type TestSchema } from '../helpers/postgres-schema.js';
import { postgresUrl } from '../helpers/scheduling-storage.js';
import { parsePrometheusText } from '../helpers/prometheus-text.js';
import { okValue } from '../helpers/results.js';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness.js';

/**
 * Alerts in the running service: a feed read brings papers, the people following their
 * authors or topics each get one direct message listing them with why, through the real
 * storage, matcher and dispatcher, with the clock and feeds moved by hand.
 */
const FIXTURE = readFileSync(new URL('../fixtures/feeds/hf-2026-11-26.json', import.meta.url), 'utf8');
/** The fixture's five papers, as Hugging Face serves them (authors Tomás Ferreira, Nadia Petrova, …). */
const hfDay: FeedReader = async () => ({ ok: true, loaded: parseHfDailyPapers(FIXTURE) });

const ada: PersonRef = { platform: 'slack', workspace: 'T1', user: 'U-ada' };
const bob: PersonRef = { platform: 'slack', workspace: 'T1', user: 'U-bob' };
const cyd: PersonRef = { platform: 'slack', workspace: 'T1', user: 'U-cyd' };
const cards = (m: Message) => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));

/** A recording adapter that also counts every DM it was asked to send, failed ones included. */
class CountingAdapter extends RecordingAdapter {
  readonly tries: string[] = [];
  override postDirect(person: PersonRef, message: Message) {
    this.tries.push(person.user);
    return super.postDirect(person, message);
  }
}

async function follow(storage: Storage): Promise<void> {
  const now = Date.parse('2026-11-01T00:00:00Z');
  await storage.addFollow(ada, okValue(authorFollow('T. Ferreira')), MAX_FOLLOWS, now);
  await storage.addFollow(ada, okValue(topicFollow('load balancing')), MAX_FOLLOWS, now);
  await storage.addFollow(bob, okValue(topicFollow('diffusion policies')), MAX_FOLLOWS, now);
  await storage.addFollow(cyd, okValue(topicFollow('protein folding')), MAX_FOLLOWS, now);
}

let harnesses: ServiceHarness[] = [];
let schema: TestSchema | undefined;
afterEach(async () => {
  for (const h of harnesses) await h.close();
  harnesses = [];
  await schema?.drop();
  schema = undefined;
});

async function start(adapter: RecordingAdapter, options: { start?: string; read?: FeedReader; databaseUrl?: string; instance?: string } = {}): Promise<ServiceHarness> {
  const h = await startServiceHarness({
    adapters: () => [adapter],
    config: { feedList: ['hf'], instance: options.instance ?? 'test-1', ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) },
    feedReader: options.read ?? hfDay,
    ...(options.start ? { start: options.start } : {}),
  });
  harnesses.push(h);
  return h;
}

describe('alerts in the service', () => {
  it('sends each follower one DM per feed read listing the matches with why, and nothing for the same papers again', async () => {
    const slack = new CountingAdapter({ id: 'slack' });
    const h = await start(slack);
    await follow(h.service.storage);
    await h.service.feeds!.tick();

    expect(slack.directsTo('U-ada')).toHaveLength(1);
    const adas = cards(slack.directsTo('U-ada')[0]!.message);
    expect(adas.map((c) => c.paperId)).toEqual(['2611.18231']);
    expect(adas[0]!.title).toMatch(/^Sparse Mixture-of-Experts Routing/);
    expect(adas[0]!.why).toMatch(/^author T\. Ferreira.* · topic: load balancing$/);
    expect(adas[0]!.actions.map((a) => a.kind)).toEqual(['save', 'cite']);
    expect(cards(slack.directsTo('U-bob')[0]!.message).map((c) => [c.paperId, c.why])).toEqual([['2611.18390', 'topic: diffusion policies']]);
    expect(slack.tries.sort()).toEqual(['U-ada', 'U-bob']);
    expect(h.logged.filter((l) => l.message === 'alert DM sent').map((l) => [l.fields['person'], l.fields['papers']])).toEqual(
      expect.arrayContaining([
        ['slack:T1:U-ada', 1],
        ['slack:T1:U-bob', 1],
      ]),
    );

    // The feed's next read brings the same papers: nobody hears of them again.
    h.at('2026-11-27T08:01:00Z');
    const [again] = await h.service.feeds!.tick();
    expect(again!.report).toMatchObject({ added: [] });
    expect((await h.service.alerts.pass()).sent).toEqual([]);
    expect(slack.directs).toHaveLength(2);
    // What an operator sees: two DMs listing two papers, none failed.
    const metrics = parsePrometheusText(await (await fetch(`${h.service.url}/metrics`)).text());
    expect(metrics.value('paperboy_alert_messages_total', { platform: 'slack' })).toBe(2);
    expect(metrics.value('paperboy_alert_papers_total', { platform: 'slack' })).toBe(2);
    expect(metrics.value('paperboy_alert_failures_total', { platform: 'slack', unreachable: 'true' })).toBeUndefined();
  });

  it('holds a quiet person’s alerts through a DST night and sends them in one DM when it ends', async () => {
    const slack = new CountingAdapter({ id: 'slack' });
    // 23:00 in Berlin on the night clocks go forward (29 March 2026, 02:00 → 03:00).
    const h = await start(slack, { start: '2026-03-28T22:00:00Z' });
    await follow(h.service.storage);
    await h.service.storage.setQuietHours(ada, { start: '22:00', end: '08:00', timezone: 'Europe/Berlin' }, Date.parse('2026-03-28T22:00:00Z'));
    await h.service.feeds!.tick();
    expect(slack.directsTo('U-bob')).toHaveLength(1);
    expect(slack.tries).not.toContain('U-ada');
    h.at('2026-03-29T05:59:00Z'); // 07:59 CEST
    expect((await h.service.alerts.pass()).held.map((x) => [x.person.user, x.until.toISOString()])).toEqual([['U-ada', '2026-03-29T06:00:00.000Z']]);
    h.at('2026-03-29T06:00:00Z'); // 08:00 CEST, an hour earlier in UTC than the morning before
    const morning = await h.service.alerts.pass();
    expect(morning.sent.map((s) => [s.person.user, s.paperIds])).toEqual([['U-ada', ['2611.18231']]]);
    expect(slack.directsTo('U-ada')).toHaveLength(1);
  });

  it('marks a person who cannot be messaged, says so in the log, and does not try them again', async () => {
    const slack = new CountingAdapter({ id: 'slack' });
    slack.failPerson('U-ada', new DeliveryError('user_disabled: the account is deactivated', { permanent: true }));
    let day = FIXTURE;
    const h = await start(slack, { read: async () => ({ ok: true, loaded: parseHfDailyPapers(day) }) });
    await follow(h.service.storage);
    await h.service.feeds!.tick();
    expect(slack.tries.filter((u) => u === 'U-ada')).toHaveLength(1);
    expect(slack.directsTo('U-bob')).toHaveLength(1);
    expect((await h.service.storage.preferences(ada)).unreachable?.reason).toBe('user_disabled: the account is deactivated');
    expect(h.logged.filter((l) => l.level === 'warn' && l.message.includes('marked unreachable')).map((l) => l.message)).toEqual([
      'slack:T1:U-ada marked unreachable (user_disabled: the account is deactivated); alerts wait until they use a command',
    ]);

    // The next read brings another paper by the same author: queued, not sent, not tried.
    day = FIXTURE.replaceAll('2611.18231', '2611.19999').replace('Sparse Mixture-of-Experts Routing', 'Dense Routing');
    h.at('2026-11-27T08:01:00Z');
    await h.service.feeds!.tick();
    h.at('2026-11-27T09:00:00Z');
    await h.service.alerts.pass();
    expect(slack.tries.filter((u) => u === 'U-ada')).toHaveLength(1);
    expect(await h.service.storage.alertedPaperIds(ada)).toEqual(new Set(['2611.18231', '2611.19999']));
    const metrics = parsePrometheusText(await (await fetch(`${h.service.url}/metrics`)).text());
    expect(metrics.value('paperboy_alert_failures_total', { platform: 'slack', unreachable: 'true' })).toBe(1);
    expect(metrics.value('paperboy_alert_messages_total', { platform: 'slack' })).toBe(1);
  });
});

describe.skipIf(!postgresUrl)(postgresUrl ? 'alerts with two replicas on PostgreSQL' : 'alerts with two replicas on PostgreSQL (skipped: set PAPERBOY_TEST_DATABASE_URL)', () => {
  it('sends each alert once when both replicas read the same feed', async () => {
    schema = await freshSchema(postgresUrl!, 'paperboy_alerts');
    const one = new CountingAdapter({ id: 'slack' });
    const two = new CountingAdapter({ id: 'slack' });
    const a = await start(one, { databaseUrl: schema.url, instance: 'replica-1' });
    const b = await start(two, { databaseUrl: schema.url, instance: 'replica-2' });
    await follow(a.service.storage);
    await Promise.all([a.service.feeds!.tick(), b.service.feeds!.tick()]);
    await Promise.all([a.service.alerts.pass(), b.service.alerts.pass()]);
    const sent = [...one.directs, ...two.directs].map((d) => [d.person.user, cards(d.message).map((c) => c.paperId)]);
    expect(sent.sort()).toEqual([
      ['U-ada', ['2611.18231']],
      ['U-bob', ['2611.18390']],
    ]);
  });
});
