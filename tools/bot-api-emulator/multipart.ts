import type { UploadedFile } from './params.ts';

export interface MultipartResult {
  fields: Record<string, string>;
  files: Map<string, UploadedFile>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/form-data; boundary=...` content type, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/**
 * Parses a multipart/form-data body held in memory. Tolerant of what real clients send:
 * grammY writes `content-disposition:form-data;name="x";filename=photo.jpg` (no spaces,
 * unquoted filename), curl writes the quoted RFC 7578 form.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartResult {
  const fields: Record<string, string> = {};
  const files = new Map<string, UploadedFile>();
  const delimiter = Buffer.from(`--${boundary}`);
  const partSeparator = Buffer.concat([CRLF, delimiter]);

  let cursor = body.indexOf(delimiter);
  if (cursor < 0) throw new Error('multipart body has no boundary');
  while (cursor >= 0) {
    cursor += delimiter.length;
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) break; // closing `--boundary--`
    if (body[cursor] === 0x0d && body[cursor + 1] === 0x0a) cursor += 2;
    const headerEnd = body.indexOf(HEADER_END, cursor);
    if (headerEnd < 0) throw new Error('multipart part without header terminator');
    const headers = parseHeaders(body.subarray(cursor, headerEnd).toString('utf8'));
    const contentStart = headerEnd + HEADER_END.length;
    const contentEnd = body.indexOf(partSeparator, contentStart);
    if (contentEnd < 0) throw new Error('multipart part without closing boundary');
    const content = body.subarray(contentStart, contentEnd);

    const disposition = parseDisposition(headers.get('content-disposition') ?? '');
    const name = disposition.get('name');
    if (name !== undefined) {
      const fileName = disposition.get('filename');
      if (fileName !== undefined) {
        files.set(name, {
          fieldName: name,
          fileName,
          contentType: headers.get('content-type') ?? 'application/octet-stream',
          bytes: Buffer.from(content),
        });
      } else {
        fields[name] = content.toString('utf8');
      }
    }
    cursor = contentEnd + CRLF.length;
  }
  return { fields, files };
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** `form-data; name="a"; filename=b.jpg; filename*=UTF-8''%E2%9C%93.jpg` → Map of parameters. */
function parseDisposition(value: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = value.indexOf(';');
  while (i >= 0 && i < value.length) {
    i++;
    while (value[i] === ' ' || value[i] === '\t') i++;
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const key = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    let paramValue = '';
    if (value[j] === '"') {
      j++;
      while (j < value.length && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < value.length) j++;
        paramValue += value[j];
        j++;
      }
      j = value.indexOf(';', j);
    } else {
      const end = value.indexOf(';', j);
      paramValue = (end < 0 ? value.slice(j) : value.slice(j, end)).trim();
      j = end;
    }
    if (key === 'filename*') {
      const encoded = /^[^']*'[^']*'(.*)$/.exec(paramValue)?.[1];
      if (encoded !== undefined) params.set('filename', safeDecode(encoded));
    } else if (!(key === 'filename' && params.has('filename'))) {
      params.set(key, paramValue);
    }
    i = j;
  }
  return params;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
