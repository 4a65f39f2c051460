/**
 * Callback data is "<prefix>:<field>:<field>…", at most 64 bytes as Telegram requires.
 * A button that acts in a village ends with "@<villageId>": it acts there whichever village its
 * presser has switched to since (loadMember reads the suffix, see `villageOfCallbackData`).
 * Each button kind defines its codec once; handlers match with `.filter` and never parse by hand.
 */
export const CALLBACK_DATA_MAX_BYTES = 64;

const VILLAGE_SUFFIX = /@(\d{1,9})$/;

export interface CallbackCodec<T> {
  prefix: string;
  pack(data: T): string;
  /** Throws on data that does not belong to this codec; use `filter` first. */
  unpack(data: string): T;
  /** Matches this codec's data with fields that decode; for bot.callbackQuery(codec.filter, …). */
  filter: RegExp;
}

/** A button of a village: packed with the village it acts in. */
export interface VillageCallbackCodec<T> extends Omit<CallbackCodec<T>, 'pack'> {
  pack(data: T, villageId: number): string;
}

interface Fields<T> {
  pack: (data: T) => Array<string | number>;
  unpack: (fields: string[]) => T | undefined;
}

/** A button that does not act in a village (the language picker). */
export function defineCallback<T>(prefix: string, fields: Fields<T>): CallbackCodec<T> {
  const codec = define(prefix, fields);
  return { ...codec, pack: (data) => codec.pack(data, undefined) };
}

/** A button that acts in a village: its data names the village. */
export function defineVillageCallback<T>(prefix: string, fields: Fields<T>): VillageCallbackCodec<T> {
  return define(prefix, fields);
}

/** The village a button acts in; undefined for one that names none (the language picker, an old button). */
export function villageOfCallbackData(data: string | undefined): number | undefined {
  const match = VILLAGE_SUFFIX.exec(data ?? '');
  return match ? Number(match[1]) : undefined;
}

function define<T>(prefix: string, fields: Fields<T>) {
  if (!/^[a-z][a-z0-9-]*$/.test(prefix)) throw new Error(`bad callback prefix ${prefix}`);
  return {
    prefix,
    pack(data: T, villageId: number | undefined) {
      const village = villageId === undefined ? '' : `@${villageId}`;
      const encoded = `${[prefix, ...fields.pack(data).map(String)].join(':')}${village}`;
      if (Buffer.byteLength(encoded) > CALLBACK_DATA_MAX_BYTES)
        throw new Error(`callback data too long: ${encoded}`);
      return encoded;
    },
    unpack(data: string) {
      const [head, ...rest] = data.replace(VILLAGE_SUFFIX, '').split(':');
      const decoded = head === prefix ? fields.unpack(rest) : undefined;
      if (decoded === undefined) throw new Error(`not ${prefix} callback data: ${data}`);
      return decoded;
    },
    filter: new RegExp(`^${prefix}(:|@|$)`),
  };
}
