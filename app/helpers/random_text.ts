/*
 * Random text from node:crypto for generated passwords, shared secrets and codes. `randomInt`
 * draws every character with the same chance (no modulo bias).
 */
import { randomInt } from 'node:crypto'

export const DIGITS = '0123456789'
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const LOWER = 'abcdefghijklmnopqrstuvwxyz'
export const ALPHANUMERIC = UPPER + LOWER + DIGITS

/** Without 0/O and 1/l/I: read off paper or a screen and typed on a phone. */
export const ALPHANUMERIC_UNAMBIGUOUS = ALPHANUMERIC.replace(/[0O1lI]/g, '')

/** Lower case and digits without i/l/1 and o/0, for what customers type on a phone. */
export const LOWER_UNAMBIGUOUS = (LOWER + DIGITS).replace(/[il1o0]/g, '')

/** `length` characters drawn from `alphabet`. */
export function randomText(alphabet: string, length: number): string {
  let text = ''
  for (let index = 0; index < length; index++) text += alphabet[randomInt(alphabet.length)]
  return text
}
