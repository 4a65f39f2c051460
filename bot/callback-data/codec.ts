/**
 * Callback data is "<prefix>:<field>:<field>…", at most 64 bytes as Telegram requires.
 * Each button kind defines its codec once; handlers match with `.filter` and never parse by hand.
 */
export const CALLBACK_DATA_MAX_BYTES = 64;

export interface CallbackCodec<T> {
  prefix: string;
  pack(data: T): string;
  /** Throws on data that does not belong to this codec; use `filter` first. */
  unpack(data: string): T;
  /** Matches this codec's data with fields that decode; for bot.callbackQuery(codec.filter, …). */
  filter: RegExp;
}

export function defineCallback<T>(
  prefix: string,
  fields: { pack: (data: T) => Array<string | number>; unpack: (fields: string[]) => T | undefined },
): CallbackCodec<T> {
  if (!/^[a-z][a-z0-9-]*$/.test(prefix)) throw new Error(`bad callback prefix ${prefix}`);
  return {
    prefix,
    pack(data) {
      const encoded = [prefix, ...fields.pack(data).map(String)].join(':');
      if (Buffer.byteLength(encoded) > CALLBACK_DATA_MAX_BYTES)
        throw new Error(`callback data too long: ${encoded}`);
      return encoded;
    },
    unpack(data) {
      const [head, ...rest] = data.split(':');
      const decoded = head === prefix ? fields.unpack(rest) : undefined;
      if (decoded === undefined) throw new Error(`not ${prefix} callback data: ${data}`);
      return decoded;
    },
    filter: new RegExp(`^${prefix}(:|$)`),
  };
}
