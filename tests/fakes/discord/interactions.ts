import { ALREADY_ACKNOWLEDGED, EMPTY_MESSAGE, FormErrors, UNKNOWN_INTERACTION, UNKNOWN_MESSAGE, UNKNOWN_WEBHOOK, isObject, json, noContent, type Json, type Reply } from './discord-wire.js';
import { checkChoices, checkMessageLimits, checkModal, isEmptyMessage } from './message-limits.js';
import { messageObject, visibleText, type FakeMessage } from './payloads.js';

/**
 * Interaction answers: the callback (exactly one, within the deadline), then edits of the original response and
 * follow-ups through the interaction's webhook, as Discord accepts them (platform-notes 2.3).
 */

/** Bodies are typed `any` on purpose: tests read `callbacks[0].data.flags` without casting at every step. */
export interface InteractionRecord {
  callbacks: Array<{ type: number; data?: any }>;
  /** Bodies of successful PATCH …/messages/@original, in order. */
  edits: any[];
  /** Bodies of successful follow-up POSTs, in order. */
  followUps: any[];
  /** The original response as it now stands (type 4 reply, type 5 placeholder after edits, or the updated message). */
  original: FakeMessage | undefined;
  /** The follow-up messages as the fake returned them. */
  followUpMessages: FakeMessage[];
}

interface Entry {
  id: string;
  token: string;
  type: number;
  channelId: string;
  startedAt: number;
  /** The message a component was on: @original for component interactions. */
  message: Json | undefined;
  record: InteractionRecord;
}

/** Which callback types each interaction type accepts (1 ping, 2 command, 3 component, 4 autocomplete, 5 modal submit). */
const ALLOWED_CALLBACKS: Record<number, number[]> = { 1: [1], 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };
const EPHEMERAL = 64;
const LOADING = 128;

export interface InteractionStoreOptions {
  applicationId: string;
  author: Json;
  /** How long after dispatch the first callback is accepted; Discord's is 3 s, then 10062 Unknown interaction. */
  deadlineMs: number;
  /** Every accepted message body, for the ping log. */
  onMessage(body: Json, path: string): void;
}

export class InteractionStore {
  private readonly entries = new Map<string, Entry>();
  private readonly byToken = new Map<string, Entry>();

  constructor(private readonly options: InteractionStoreOptions) {}

  /** Remembers an INTERACTION_CREATE `d`; the deadline runs from the latest register (dispatch) call. */
  register(d: Json): void {
    const id = String(d.id);
    const known = this.entries.get(id);
    if (known) {
      known.startedAt = Date.now();
      return;
    }
    const channel = isObject(d.channel) ? d.channel.id : d.channel_id;
    const entry: Entry = {
      id,
      token: String(d.token),
      type: typeof d.type === 'number' ? d.type : 2,
      channelId: String(channel ?? ''),
      startedAt: Date.now(),
      message: isObject(d.message) ? d.message : undefined,
      record: { callbacks: [], edits: [], followUps: [], original: undefined, followUpMessages: [] },
    };
    this.entries.set(id, entry);
    this.byToken.set(entry.token, entry);
  }

  record(id: string): InteractionRecord {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`FakeDiscord: no interaction ${id} was built or dispatched`);
    return entry.record;
  }

  /** Every message a person sees for this interaction, original response first. */
  visibleMessages(id: string): FakeMessage[] {
    const { callbacks, edits, original, followUpMessages } = this.record(id);
    const shown = callbacks.some((c) => c.type === 4 || c.type === 5 || c.type === 7) || edits.length > 0;
    return [...(shown && original ? [original] : []), ...followUpMessages];
  }

  text(id: string): string {
    return this.visibleMessages(id)
      .map(visibleText)
      .filter((t) => t !== '')
      .join('\n');
  }

  /** Any message the fake knows by id (original responses, follow-ups, component messages), for button payloads. */
  findMessage(messageId: string): FakeMessage | undefined {
    for (const { record } of this.entries.values()) {
      const found = [record.original, ...record.followUpMessages].find((m) => m?.id === messageId);
      if (found) return found;
    }
    return undefined;
  }

  callback(id: string, token: string, body: unknown, withResponse: boolean, path: string, files = 0): Reply {
    const entry = this.entries.get(id);
    if (!entry || entry.token !== token) return UNKNOWN_INTERACTION();
    if (entry.record.callbacks.length > 0) return ALREADY_ACKNOWLEDGED();
    if (Date.now() - entry.startedAt > this.options.deadlineMs) return UNKNOWN_INTERACTION();
    const b = isObject(body) ? body : {};
    const type = typeof b.type === 'number' ? b.type : -1;
    const data = isObject(b.data) ? b.data : undefined;
    const errors = new FormErrors();
    if (!(ALLOWED_CALLBACKS[entry.type] ?? []).includes(type)) {
      errors.add(['type'], 'INTERACTION_CALLBACK_TYPE_INVALID', `Callback type ${type} is not valid for interaction type ${entry.type}`);
    } else if (type === 4 || type === 7) checkMessageLimits(data ?? {}, errors, ['data']);
    else if (type === 8) checkChoices(data, errors);
    else if (type === 9) checkModal(data, errors);
    const rejected = errors.reply();
    if (rejected) return rejected;
    if (type === 4 && isEmptyMessage(data ?? {}, files)) return EMPTY_MESSAGE();

    entry.record.callbacks.push({ type, ...(data !== undefined && { data }) });
    const author = this.options.author;
    if (type === 4) entry.record.original = messageObject(data ?? {}, entry.channelId, author, this.webhookFields());
    if (type === 5) entry.record.original = messageObject({ flags: ((data?.flags as number | undefined) ?? 0) | LOADING }, entry.channelId, author, this.webhookFields());
    if ((type === 6 || type === 7) && entry.message) entry.record.original = { ...(entry.message as FakeMessage), ...(type === 7 ? data : {}) };
    if (type === 4 || type === 7) this.options.onMessage(data ?? {}, path);
    if (!withResponse) return noContent();
    const original = entry.record.original;
    return json({
      interaction: {
        id,
        type: entry.type,
        activity_instance_id: null,
        response_message_id: original?.id ?? null,
        response_message_loading: type === 5,
        response_message_ephemeral: ((original?.flags ?? 0) & EPHEMERAL) !== 0,
      },
      resource: { type, ...(original && (type === 4 || type === 7) && { message: original }) },
    });
  }

  /** GET/PATCH/DELETE /webhooks/:app/:token/messages/:messageId, where messageId may be `@original`. */
  webhookMessage(method: string, appId: string, token: string, messageId: string, body: unknown, path: string): Reply {
    const entry = this.webhookEntry(appId, token);
    if (!entry) return UNKNOWN_WEBHOOK();
    const { record } = entry;
    const isOriginal = messageId === '@original' || messageId === record.original?.id;
    const current = isOriginal ? record.original : record.followUpMessages.find((m) => m.id === messageId);
    if (!current) return UNKNOWN_MESSAGE();
    if (method === 'GET') return json(current);
    if (method === 'DELETE') {
      if (isOriginal) record.original = undefined;
      else record.followUpMessages = record.followUpMessages.filter((m) => m !== current);
      return noContent();
    }
    const patch = isObject(body) ? body : {};
    const errors = new FormErrors();
    checkMessageLimits(patch, errors);
    const rejected = errors.reply();
    if (rejected) return rejected;
    const edited: FakeMessage = { ...current, ...patch, id: current.id, flags: current.flags & ~LOADING, edited_timestamp: new Date().toISOString() };
    if (isEmptyMessage(edited)) return EMPTY_MESSAGE();
    if (isOriginal) {
      record.original = edited;
      record.edits.push(patch);
    } else {
      record.followUpMessages = record.followUpMessages.map((m) => (m === current ? edited : m));
    }
    this.options.onMessage(patch, path);
    return json(edited);
  }

  /** POST /webhooks/:app/:token: a follow-up, accepted once the interaction was acknowledged. */
  followUp(appId: string, token: string, body: unknown, files: number, wait: boolean, path: string): Reply {
    const entry = this.webhookEntry(appId, token);
    if (!entry || entry.record.callbacks.length === 0 || entry.record.callbacks[0]?.type === 8) return UNKNOWN_WEBHOOK();
    const b = isObject(body) ? body : {};
    const errors = new FormErrors();
    checkMessageLimits(b, errors);
    const rejected = errors.reply();
    if (rejected) return rejected;
    if (isEmptyMessage(b, files)) return EMPTY_MESSAGE();
    const message = messageObject(b, entry.channelId, this.options.author, this.webhookFields());
    entry.record.followUps.push(b);
    entry.record.followUpMessages.push(message);
    this.options.onMessage(b, path);
    return wait ? json(message) : noContent();
  }

  private webhookEntry(appId: string, token: string): Entry | undefined {
    return appId === this.options.applicationId ? this.byToken.get(token) : undefined;
  }

  private webhookFields(): Json {
    return { webhook_id: this.options.applicationId, application_id: this.options.applicationId };
  }
}
