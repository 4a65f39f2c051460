import { LOCALES, type Locale } from '../../core/config.ts';
import { defineCallback } from './codec.ts';

export const langCallback = defineCallback('lang', {
  pack: (data: { locale: Locale }) => [data.locale],
  unpack: ([locale]) => {
    const found = LOCALES.find((l) => l === locale);
    return found ? { locale: found } : undefined;
  },
});
