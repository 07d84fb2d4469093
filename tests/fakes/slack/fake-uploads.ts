import { ok, platformError, type Args, type Reply } from './slack-wire.js';

/** A file shared with files.uploadV2 (getUploadURLExternal, the upload POST, completeUploadExternal). */
export interface UploadedFile {
  id: string;
  filename: string;
  title?: string;
  /** Where it was shared; undefined when completed without a channel (private to the uploader). */
  channel?: string;
  initialComment?: string;
  content: Buffer;
}

/**
 * Slack's three-step file upload, as @slack/web-api's files.uploadV2 drives it: an upload URL
 * for an announced length, the bytes posted there, then completion, which shares the files.
 * Sizes that do not match what was announced are recorded as violations.
 */
export class FakeUploads {
  readonly uploads: UploadedFile[] = [];
  /** Upload URLs handed out and not yet completed: id → what was announced and what arrived. */
  readonly #pending = new Map<string, { filename: string; length: number; content?: Buffer }>();
  readonly #violations: string[];

  constructor(violations: string[]) {
    this.#violations = violations;
  }

  uploadUrl(args: Args, origin: string): Reply {
    const length = Number(args.length);
    if (typeof args.filename !== 'string' || args.filename === '' || !Number.isInteger(length) || length < 1) return platformError('invalid_arguments');
    const id = `F${String(this.#pending.size + this.uploads.length + 1).padStart(8, '0')}`;
    this.#pending.set(id, { filename: args.filename, length });
    return ok({ upload_url: `${origin}/upload/${id}`, file_id: id });
  }

  /** The upload URL: the file's bytes, sent raw or (as @slack/web-api does) as the one part of a multipart form. */
  async receive(id: string, contentType: string, bytes: Buffer): Promise<Reply> {
    const pending = this.#pending.get(id);
    if (pending === undefined) return { status: 404, body: { ok: false, error: 'file_not_found' } };
    let content = bytes;
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Request('http://upload.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(bytes) }).formData();
      const parts = [...form.values()].flatMap((v) => (typeof v === 'string' ? [] : [v]));
      if (parts.length !== 1) return { status: 400, body: { ok: false, error: 'invalid_upload' } };
      content = Buffer.from(await parts[0]!.arrayBuffer());
    }
    if (content.length !== pending.length) this.#violations.push(`upload ${id}: ${content.length} bytes sent, ${pending.length} announced`);
    pending.content = content;
    return { status: 200, body: { ok: true } };
  }

  /** Completes the uploads named in `args.files`, sharing them in `channel` (already allowed by the caller). */
  complete(args: Args, channel: string | undefined): Reply {
    const files = Array.isArray(args.files) ? (args.files as Array<{ id?: unknown; title?: unknown }>) : [];
    if (files.length === 0 || files.length > 10) return platformError('invalid_arguments');
    const ready = files.map((f) => ({ id: String(f.id), title: typeof f.title === 'string' ? f.title : undefined, pending: this.#pending.get(String(f.id)) }));
    if (ready.some((f) => f.pending?.content === undefined)) return platformError('file_not_found');
    for (const f of ready) {
      this.#pending.delete(f.id);
      this.uploads.push({
        id: f.id,
        filename: f.pending!.filename,
        content: f.pending!.content!,
        ...(f.title !== undefined && { title: f.title }),
        ...(channel !== undefined && { channel }),
        ...(typeof args.initial_comment === 'string' && { initialComment: args.initial_comment }),
      });
    }
    return ok({ files: ready.map((f) => ({ id: f.id, title: f.title ?? f.pending!.filename, name: f.pending!.filename })) });
  }

  clear(): void {
    this.uploads.length = 0;
    this.#pending.clear();
  }
}
