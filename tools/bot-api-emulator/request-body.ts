import type { IncomingMessage } from 'node:http';
import { boundaryOf, parseMultipart } from './multipart.ts';
import type { UploadedFile } from './params.ts';

export interface ParsedBody {
  params: Record<string, unknown>;
  files: Map<string, UploadedFile>;
}

export class BodyTooLargeError extends Error {}
export class MalformedBodyError extends Error {}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new BodyTooLargeError(`body larger than ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Bot API parameters from the query string and the body (JSON, urlencoded or multipart),
 * as Telegram accepts them. Body values win over query values.
 */
export function parseParams(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): ParsedBody {
  const params: Record<string, unknown> = Object.fromEntries(query);
  const files = new Map<string, UploadedFile>();
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) return { params, files };

  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new MalformedBodyError('invalid JSON body');
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType ?? '');
    if (!boundary) throw new MalformedBodyError('multipart body without boundary');
    try {
      const result = parseMultipart(body, boundary);
      Object.assign(params, result.fields);
      for (const [name, file] of result.files) files.set(name, file);
    } catch (error) {
      throw new MalformedBodyError(String(error));
    }
  } else {
    // application/x-www-form-urlencoded, and what Telegram does with unlabelled bodies.
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  }
  return { params, files };
}
