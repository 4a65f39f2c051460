import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from './emulator-core.ts';
import { ParamReader } from './params.ts';
import { BodyTooLargeError, parseParams, readBody } from './request-body.ts';

const METHOD_PATH = /^\/bot([^/]+)\/([^/]*)\/?$/;
const FILE_PATH = /^\/file\/bot([^/]+)\/(.+)$/;

/** Serves `{root}/bot<token>/<method>` and `{root}/file/bot<token>/<file_path>`; false if the path is neither. */
export async function handleBotApiRequest(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const fileMatch = FILE_PATH.exec(url.pathname);
  if (fileMatch) {
    const file = core.files.byPath(decodeURIComponent(fileMatch[2] as string));
    if (!file?.bytes) {
      sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    } else {
      res.writeHead(200, { 'content-type': file.mimeType ?? 'application/octet-stream' });
      res.end(file.bytes);
    }
    return true;
  }
  const match = METHOD_PATH.exec(url.pathname);
  if (!match) return false;
  const token = decodeURIComponent(match[1] as string);
  const method = match[2] as string;

  // Listening before the body is read: a caller that leaves meanwhile must not leave a poll waiting
  // (the caller's next getUpdates would end it with a 409 nobody asked for).
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  let params: ParamReader;
  try {
    const body = await readBody(req, core.maxBodyBytes);
    const parsed = parseParams(req.headers['content-type'], body, url.searchParams);
    params = new ParamReader(parsed.params, parsed.files);
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    sendJson(res, tooLarge ? 413 : 400, {
      ok: false,
      error_code: tooLarge ? 413 : 400,
      description: tooLarge ? 'Request Entity Too Large' : `Bad Request: ${(error as Error).message}`,
    });
    return true;
  }

  const answer = await core.callApi(token, method, params, gone.signal);
  const delayMs = core.latencyFor(method);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  if (!gone.signal.aborted) sendJson(res, answer.status, answer.body);
  return true;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
