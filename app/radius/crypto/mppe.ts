/*
 * MPPE key derivation for MS-CHAPv2 (RFC 3079 §3.4). The RADIUS server hands the NAS the two
 * start keys; the NAS derives the session keys from them.
 */
import { createHash } from 'node:crypto'

const MASTER_MAGIC = Buffer.from('This is the MPPE Master Key', 'ascii')
// RFC 3079 §3.4: Magic2 is the server's receive key, Magic3 the server's send key.
const MAGIC2 = Buffer.from(
  'On the client side, this is the send key; on the server side, it is the receive key.',
  'ascii'
)
const MAGIC3 = Buffer.from(
  'On the client side, this is the receive key; on the server side, it is the send key.',
  'ascii'
)
const SHS_PAD1 = Buffer.alloc(40, 0x00)
const SHS_PAD2 = Buffer.alloc(40, 0xf2)

/**
 * GetMasterKey (RFC 3079 §3.4): 16 bytes from PasswordHashHash and the NT-Response.
 */
export function mppeMasterKey(passwordHashHash: Uint8Array, ntResponse: Uint8Array): Buffer {
  return createHash('sha1')
    .update(passwordHashHash)
    .update(ntResponse)
    .update(MASTER_MAGIC)
    .digest()
    .subarray(0, 16)
}

function asymmetricStartKey(masterKey: Uint8Array, magic: Buffer): Buffer {
  return createHash('sha1')
    .update(masterKey)
    .update(SHS_PAD1)
    .update(magic)
    .update(SHS_PAD2)
    .digest()
    .subarray(0, 16)
}

/**
 * The server's 128-bit start keys (GetAsymmetricStartKey with IsServer = TRUE):
 * `send` goes in MS-MPPE-Send-Key (NAS → peer), `receive` in MS-MPPE-Recv-Key.
 */
export function mppeServerKeys(masterKey: Uint8Array): { send: Buffer; receive: Buffer } {
  return {
    send: asymmetricStartKey(masterKey, MAGIC3),
    receive: asymmetricStartKey(masterKey, MAGIC2),
  }
}
