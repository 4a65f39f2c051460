import { randomBytes } from 'node:crypto';
import type { Audio, Document, PhotoSize, Voice } from 'grammy/types';

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  fileName?: string;
  mimeType?: string;
  /** Bytes of an upload; absent for files referenced by URL or by an unknown file_id. */
  bytes?: Buffer;
  size?: number;
  width?: number;
  height?: number;
  /** Seconds, for voice and audio. */
  duration?: number;
  /** Where a URL-referenced file came from. */
  sourceUrl?: string;
  filePath: string;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  ogg: 'audio/ogg',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Files the bots uploaded or users sent, in memory, addressable by file_id. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  get(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  /** Stores uploaded bytes (or a reference to a URL / foreign file_id) as a new file. */
  add(input: {
    bytes?: Buffer;
    fileName?: string;
    mimeType?: string;
    sourceUrl?: string;
    kind: string;
  }): StoredFile {
    const fileId = makeFileId(input.kind);
    const extension = input.fileName?.split('.').pop()?.toLowerCase();
    const mimeType =
      input.mimeType && input.mimeType !== 'application/octet-stream'
        ? input.mimeType
        : ((extension && MIME_BY_EXTENSION[extension]) ?? input.mimeType);
    const dimensions = input.bytes ? imageSize(input.bytes) : undefined;
    const file: StoredFile = {
      fileId,
      fileUniqueId: randomBytes(8).toString('base64url'),
      filePath: `${input.kind}s/file_${this.files.size}${extension ? `.${extension}` : ''}`,
      ...(input.fileName !== undefined && { fileName: input.fileName }),
      ...(mimeType !== undefined && { mimeType }),
      ...(input.bytes !== undefined && { bytes: input.bytes, size: input.bytes.length }),
      ...(input.sourceUrl !== undefined && { sourceUrl: input.sourceUrl }),
      ...(dimensions ?? {}),
    };
    this.files.set(fileId, file);
    return file;
  }

  /** A file for a string the bot passed: a known file_id is reused; URLs and unknown ids are referenced. */
  fromReference(reference: string, kind: string): StoredFile {
    const known = this.files.get(reference);
    if (known) return known;
    const isUrl = /^https?:\/\//i.test(reference);
    const fileName = isUrl
      ? decodeURIComponent(new URL(reference).pathname.split('/').pop() ?? '')
      : undefined;
    return this.add({
      kind,
      sourceUrl: isUrl ? reference : `file_id:${reference}`,
      ...(fileName && { fileName }),
    });
  }

  byPath(filePath: string): StoredFile | undefined {
    for (const file of this.files.values()) if (file.filePath === filePath) return file;
    return undefined;
  }

  clear(): void {
    this.files.clear();
  }
}

/** Three sizes, as Telegram returns for a photo: thumbnail, medium, original. */
export function photoSizesOf(file: StoredFile, store: FileStore): PhotoSize[] {
  const width = file.width ?? 1280;
  const height = file.height ?? 960;
  const sizes: PhotoSize[] = [];
  for (const maxSide of [90, 320]) {
    const scale = Math.min(1, maxSide / Math.max(width, height));
    if (scale >= 1) continue;
    const thumb = store.add({ kind: 'photo', mimeType: 'image/jpeg' });
    sizes.push({
      file_id: thumb.fileId,
      file_unique_id: thumb.fileUniqueId,
      width: Math.round(width * scale),
      height: Math.round(height * scale),
      file_size: Math.round((file.size ?? 100_000) * scale * scale),
    });
  }
  sizes.push({
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    width,
    height,
    ...(file.size !== undefined && { file_size: file.size }),
  });
  return sizes;
}

export function documentOf(file: StoredFile): Document {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    ...(file.fileName !== undefined && { file_name: file.fileName }),
    ...(file.mimeType !== undefined && { mime_type: file.mimeType }),
    ...(file.size !== undefined && { file_size: file.size }),
  };
}

export function voiceOf(file: StoredFile): Voice {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    duration: file.duration ?? 0,
    ...(file.mimeType !== undefined && { mime_type: file.mimeType }),
    ...(file.size !== undefined && { file_size: file.size }),
  };
}

export function audioOf(file: StoredFile): Audio {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    duration: file.duration ?? 0,
    ...(file.fileName !== undefined && { file_name: file.fileName }),
    ...(file.mimeType !== undefined && { mime_type: file.mimeType }),
    ...(file.size !== undefined && { file_size: file.size }),
  };
}

/** The first characters of real file ids tell the kind; tests that eyeball ids see the same. */
const FILE_ID_PREFIX: Record<string, string> = {
  photo: 'AgACAgIAAxk',
  document: 'BQACAgIAAxk',
  voice: 'AwACAgIAAxk',
  audio: 'CQACAgIAAxk',
};

function makeFileId(kind: string): string {
  return `${FILE_ID_PREFIX[kind] ?? 'CAACAgIAAxk'}${randomBytes(24).toString('base64url')}`;
}

/** Width and height of a PNG, GIF or JPEG, read from its header. */
function imageSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && bytes.toString('ascii', 0, 3) === 'GIF') {
    return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < bytes.length) {
      if (bytes[offset] !== 0xff) return undefined;
      const marker = bytes[offset + 1] as number;
      const length = bytes.readUInt16BE(offset + 2);
      const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
      if (isStartOfFrame)
        return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
      offset += 2 + length;
    }
  }
  return undefined;
}
