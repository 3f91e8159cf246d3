/*
 * MD4 (RFC 1320), needed by MS-CHAP: Node 24's OpenSSL 3 only offers md4 through the legacy
 * provider, which we do not want to require.
 */

const ROUND2 = 0x5a827999
const ROUND3 = 0x6ed9eba1

// RFC 1320 §3.4: message word order of rounds 2 and 3.
const ORDER2 = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15]
const ORDER3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]
const SHIFT1 = [3, 7, 11, 19]
const SHIFT2 = [3, 5, 9, 13]
const SHIFT3 = [3, 9, 11, 15]

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits))
}

/**
 * MD4 digest (16 bytes) of `input`.
 */
export function md4(input: Uint8Array): Buffer {
  // RFC 1320 §3.1–3.2: pad with 0x80 and zeros to 56 mod 64, then the bit length (64-bit LE).
  const blockCount = ((input.length + 8) >>> 6) + 1
  const data = Buffer.alloc(blockCount * 64)
  data.set(input)
  data[input.length] = 0x80
  const bits = input.length * 8
  data.writeUInt32LE(bits >>> 0, data.length - 8)
  data.writeUInt32LE(Math.floor(bits / 0x100000000), data.length - 4)

  let a = 0x67452301
  let b = 0xefcdab89
  let c = 0x98badcfe
  let d = 0x10325476
  const x = new Int32Array(16)

  for (let offset = 0; offset < data.length; offset += 64) {
    for (let i = 0; i < 16; i++) x[i] = data.readInt32LE(offset + i * 4)
    const [aa, bb, cc, dd] = [a, b, c, d]

    for (let i = 0; i < 16; i++) {
      const f = (b & c) | (~b & d)
      const t = rotl((a + f + x[i]) | 0, SHIFT1[i & 3])
      ;[a, b, c, d] = [d, t, b, c]
    }
    for (let i = 0; i < 16; i++) {
      const g = (b & c) | (b & d) | (c & d)
      const t = rotl((a + g + x[ORDER2[i]] + ROUND2) | 0, SHIFT2[i & 3])
      ;[a, b, c, d] = [d, t, b, c]
    }
    for (let i = 0; i < 16; i++) {
      const h = b ^ c ^ d
      const t = rotl((a + h + x[ORDER3[i]] + ROUND3) | 0, SHIFT3[i & 3])
      ;[a, b, c, d] = [d, t, b, c]
    }

    a = (a + aa) | 0
    b = (b + bb) | 0
    c = (c + cc) | 0
    d = (d + dd) | 0
  }

  const out = Buffer.allocUnsafe(16)
  out.writeInt32LE(a, 0)
  out.writeInt32LE(b, 4)
  out.writeInt32LE(c, 8)
  out.writeInt32LE(d, 12)
  return out
}
