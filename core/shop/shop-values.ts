import { randomBytes } from 'node:crypto';
import { DomainError } from '../errors.ts';

/** What the schema's CHECKs allow, checked first so the shopkeeper hears why. */
export const SHOP_NAME_MAX = 40;
export const SHOP_PRICE_MAX = 100_000;
export const SHOP_STOCK_MAX = 1_000_000;

/** How long a reservation holds points and stock before it is released, uncollected. */
export const RESERVATION_HOLD_MS = 24 * 60 * 60 * 1000;

export type ShopCommand =
  | { action: 'list' }
  | { action: 'add'; price: number; stock: number; name: string }
  | { action: 'edit'; number: number; price?: number; stock?: number; name?: string }
  | { action: 'remove'; number: number };

const INT = /^\d{1,9}$/;

/** `/shop`, `/shop add <price> <stock> <name>`, `/shop edit <n> price=<p> stock=<s> [name]`, `/shop remove <n>`. */
export function parseShopCommand(text: string): ShopCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [verb, ...rest] = words;
  if (verb === undefined) return { action: 'list' };
  switch (verb.toLowerCase()) {
    case 'add': {
      const [price, stock, ...name] = rest;
      if (
        price === undefined ||
        stock === undefined ||
        !INT.test(price) ||
        !INT.test(stock) ||
        name.length === 0
      )
        throw new DomainError('shop-usage');
      return checked({
        action: 'add' as const,
        price: Number(price),
        stock: Number(stock),
        name: name.join(' '),
      });
    }
    case 'edit': {
      const [number, ...args] = rest;
      if (number === undefined || !INT.test(number.replace(/^#/, ''))) throw new DomainError('shop-usage');
      const edit: Extract<ShopCommand, { action: 'edit' }> = {
        action: 'edit',
        number: Number(number.replace(/^#/, '')),
      };
      const name: string[] = [];
      for (const arg of args) {
        const pair = /^(price|stock)=(\d{1,9})$/i.exec(arg);
        if (pair && name.length === 0) {
          if ((pair[1] as string).toLowerCase() === 'price') edit.price = Number(pair[2]);
          else edit.stock = Number(pair[2]);
        } else name.push(arg);
      }
      if (name.length > 0) edit.name = name.join(' ');
      if (edit.price === undefined && edit.stock === undefined && edit.name === undefined)
        throw new DomainError('shop-usage');
      return checked(edit);
    }
    case 'remove': {
      const [number] = rest;
      if (number === undefined || !INT.test(number.replace(/^#/, '')) || rest.length > 1)
        throw new DomainError('shop-usage');
      return { action: 'remove', number: Number(number.replace(/^#/, '')) };
    }
    default:
      throw new DomainError('shop-usage');
  }
}

function checked<T extends { price?: number; stock?: number; name?: string }>(command: T): T {
  if (command.price !== undefined && (command.price < 1 || command.price > SHOP_PRICE_MAX))
    throw new DomainError('shop-price-invalid', { max: SHOP_PRICE_MAX });
  if (command.stock !== undefined && command.stock > SHOP_STOCK_MAX)
    throw new DomainError('shop-stock-invalid', { max: SHOP_STOCK_MAX });
  if (command.name !== undefined && [...command.name].length > SHOP_NAME_MAX)
    throw new DomainError('shop-name-invalid', { max: SHOP_NAME_MAX });
  return command;
}

/** The deep link a redemption's QR carries; the shopkeeper opening it starts the bot with `r_<code>`. */
export const redemptionLink = (botUsername: string, code: string) =>
  `https://t.me/${botUsername}?start=r_${code}`;

/** The dedupe key of a redemption's `shop-reservation-expiry` timer. */
export const reservationExpiryKey = (redemptionId: number) => `redemption-${redemptionId}-expiry`;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A redemption's single-use code: 16 characters of a 32-letter alphabet without look-alikes (80 random
 * bits), so it can neither be guessed nor enumerated, and can still be typed from a screen (/redeem).
 */
export function newRedemptionCode(): string {
  const bytes = randomBytes(16);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte & 31];
  return code;
}

/** A code as the shopkeeper typed or scanned it (`r_` prefix, spaces and case forgiven). */
export function normalizeRedemptionCode(text: string): string | undefined {
  const code = text.trim().replace(/^r_/i, '').replace(/[\s-]/g, '').toUpperCase();
  return /^[A-Z0-9]{12,32}$/.test(code) ? code : undefined;
}
