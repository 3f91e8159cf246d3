/*
 * The RouterOS API word and sentence codec (EXTERNAL-APIS.md §4.1–4.2). Pure: no I/O, so it is
 * tested with the byte vectors of §4.2 and §4.6. Words are latin1 (node-routeros uses win1252,
 * which agrees on every byte the fake's data uses).
 */

/** A stream that breaks the protocol: a reserved control byte or an oversized word. */
export class RouterOsCodecError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RouterOsCodecError'
  }
}

/** Largest length the 5-byte form can carry. */
const MAX_LENGTH = 0xffffffff

/** The big-endian length prefix of a word of `length` bytes (§4.2 table). */
export function encodeLength(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > MAX_LENGTH) {
    throw new RouterOsCodecError(`word length ${length} cannot be encoded`)
  }
  if (length < 0x80) return Buffer.from([length])
  if (length < 0x4000) {
    const prefix = Buffer.alloc(2)
    prefix.writeUInt16BE(length | 0x8000)
    return prefix
  }
  if (length < 0x200000) {
    const prefix = Buffer.alloc(3)
    prefix.writeUIntBE(length | 0xc00000, 0, 3)
    return prefix
  }
  if (length < 0x10000000) {
    const prefix = Buffer.alloc(4)
    // `>>> 0` keeps the OR unsigned: the top bit is set.
    prefix.writeUInt32BE((length | 0xe0000000) >>> 0)
    return prefix
  }
  const prefix = Buffer.alloc(5)
  prefix[0] = 0xf0
  prefix.writeUInt32BE(length, 1)
  return prefix
}

/** A decoded length prefix: the word's length and how many bytes the prefix took. */
export interface DecodedLength {
  length: number
  size: number
}

/**
 * Decode the length prefix at `offset`; undefined when the buffer ends inside it. The first
 * byte says how many bytes follow (§4.2); `0xF8`–`0xFF` are reserved control bytes.
 */
export function decodeLength(buffer: Buffer, offset = 0): DecodedLength | undefined {
  if (offset >= buffer.length) return undefined
  const first = buffer[offset]
  const size = first < 0x80 ? 1 : first < 0xc0 ? 2 : first < 0xe0 ? 3 : first < 0xf0 ? 4 : 5
  if (size === 5 && first !== 0xf0) {
    throw new RouterOsCodecError(`reserved control byte 0x${first.toString(16)}`)
  }
  if (offset + size > buffer.length) return undefined
  switch (size) {
    case 1:
      return { length: first, size }
    case 2:
      return { length: buffer.readUInt16BE(offset) & 0x3fff, size }
    case 3:
      return { length: buffer.readUIntBE(offset, 3) & 0x1fffff, size }
    case 4:
      return { length: buffer.readUInt32BE(offset) & 0x0fffffff, size }
    default:
      return { length: buffer.readUInt32BE(offset + 1), size }
  }
}

/** One word: its length prefix and its bytes. */
export function encodeWord(word: string): Buffer {
  const bytes = Buffer.from(word, 'latin1')
  return Buffer.concat([encodeLength(bytes.length), bytes])
}

/** A sentence: its words, then the zero-length word that ends it. */
export function encodeSentence(words: readonly string[]): Buffer {
  return Buffer.concat([...words.map(encodeWord), Buffer.from([0])])
}

/**
 * Turns a byte stream into sentences, however the stream is cut into chunks. Words longer than
 * `maxWordBytes` are refused so a broken peer cannot make the fake buffer without bound.
 */
export class SentenceDecoder {
  #buffer: Buffer = Buffer.alloc(0)
  #words: string[] = []
  #maxWordBytes: number

  constructor(maxWordBytes = 1 << 20) {
    this.#maxWordBytes = maxWordBytes
  }

  /** Feed a chunk; returns the sentences it completed, in order. */
  push(chunk: Buffer): string[][] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
    const sentences: string[][] = []
    let offset = 0
    while (offset < this.#buffer.length) {
      const prefix = decodeLength(this.#buffer, offset)
      if (!prefix) break
      if (prefix.length > this.#maxWordBytes) {
        throw new RouterOsCodecError(`word of ${prefix.length} bytes is over the limit`)
      }
      const end = offset + prefix.size + prefix.length
      if (end > this.#buffer.length) break
      if (prefix.length === 0) {
        sentences.push(this.#words)
        this.#words = []
      } else {
        this.#words.push(this.#buffer.toString('latin1', offset + prefix.size, end))
      }
      offset = end
    }
    this.#buffer = this.#buffer.subarray(offset)
    return sentences
  }
}
