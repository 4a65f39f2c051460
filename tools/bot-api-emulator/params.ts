import { badRequest } from './api-error.ts';

/** A file part received in a multipart/form-data request. */
export interface UploadedFile {
  fieldName: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Reads Bot API parameters the way Telegram does: JSON bodies carry real types, while
 * urlencoded and multipart bodies carry strings (objects JSON-encoded), so every reader
 * accepts both forms.
 */
export class ParamReader {
  constructor(
    readonly raw: Record<string, unknown>,
    readonly files: ReadonlyMap<string, UploadedFile> = new Map(),
  ) {}

  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== '';
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  }

  int(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    const parsed = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(parsed)) throw badRequest(`invalid ${name} specified`);
    return Math.trunc(parsed);
  }

  bool(name: string): boolean {
    const value = this.raw[name];
    return value === true || value === 'true' || value === '1' || value === 1;
  }

  /** A JSON-serialized parameter (reply_markup, entities, scope, ...). */
  json<T = unknown>(name: string, onInvalid: string): T | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value as T;
    try {
      return JSON.parse(value) as T;
    } catch {
      throw badRequest(onInvalid);
    }
  }

  /** chat_id: an integer, a numeric string, or an `@username`. */
  chatId(name = 'chat_id'): number | string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'number') return value;
    const text = String(value).trim();
    if (/^-?\d+$/.test(text)) return Number(text);
    return text;
  }

  /** An InputFile parameter: an uploaded part (directly or via `attach://<name>`) or a string file_id/URL. */
  inputFile(name: string): UploadedFile | string | undefined {
    const direct = this.files.get(name);
    if (direct) return direct;
    const value = this.string(name);
    if (value === undefined || value === '') return undefined;
    if (value.startsWith('attach://')) {
      const attached = this.files.get(value.slice('attach://'.length));
      if (!attached) throw badRequest(`wrong remote file identifier specified: can't find attached file`);
      return attached;
    }
    return value;
  }

  /** Parameters as recorded: everything but file bytes. */
  forRecord(): Record<string, unknown> {
    const describe = (file: UploadedFile) => ({
      upload: true,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.bytes.length,
    });
    const out: Record<string, unknown> = {};
    const referenced = new Set<string>();
    for (const [name, value] of Object.entries(this.raw)) {
      const attached =
        typeof value === 'string' && value.startsWith('attach://') ? value.slice(9) : undefined;
      const file = attached === undefined ? undefined : this.files.get(attached);
      if (file && attached !== undefined) referenced.add(attached);
      out[name] = file ? describe(file) : value;
    }
    for (const [name, file] of this.files) {
      if (!referenced.has(name)) out[name] = describe(file);
    }
    return out;
  }
}
