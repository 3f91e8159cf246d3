/*
 * Packets built by FreeRADIUS 3.2.1 `radclient` (Debian freeradius-utils) and captured on a
 * loopback listener: independent encodings to decode and verify. Shared secret: `testing123`
 * unless stated. `Message-Authenticator=0x00` in radclient input makes it sign the packet.
 */

/** The secret the fixtures were built with. */
export const FIXTURE_SECRET = 'testing123'

/** Hex to bytes, ignoring whitespace. */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex')
}

/** The fixtures, one per radclient invocation. */
export const fixtures = {
  /** `User-Name=bob,User-Password=hello,Message-Authenticator=0x00` (auth). */
  papWithMessageAuthenticator: hex(`
    0127003d8c29a03820a2125c711fcb15dc47d9b10105626f620212eed52873937f798263bfb507f30930a150
    12810cee30495a39e1d6434394c5dadba2`),
  /** `User-Name=bob,CHAP-Password=hello,Message-Authenticator=0x00` (auth). */
  chapWithMessageAuthenticator: hex(`
    019a003efd406c9b27c61e87d13f5b0e178390060105626f620313b98e14e3e3056bf08107ee8b1f7bc37469
    501217ee0b45dce11be75f4ff218fc91c3d9`),
  /** `User-Name=bob,CHAP-Password=hello,CHAP-Challenge=0x0102…10` (auth, no Message-Authenticator). */
  chapWithChallenge: hex(`
    01f0003e904ed982e9199687997d3a4e971045a50105626f6203136bc60a0be1e5540d5c3375b6de0da4bec6
    3c120102030405060708090a0b0c0d0e0f10`),
  /** `User-Name=bob,MS-CHAP-Password=hello,Message-Authenticator=0x00`: radclient computes MS-CHAPv1. */
  mschapV1: hex(`
    012900757439f4e98cae0c817d6c584f26caf1000105626f6250127dac766f436bd3836e54835dea09123e1a
    10000001370b0a1ec8d865bca73bd11a3a00000137013400010000000000000000000000000000000000000000
    000000002806765b8fdfb8074760a6db8c92db022552dcee6b589382`),
  /** User-Name=User with the RFC 2759 §9.2 MS-CHAP-Challenge and MS-CHAP2-Response (password clientPass). */
  mschapV2: hex(`
    01a1007ee01b2952a450ab425ad8b08a9d3023300106557365721a18000001370b125b5d7c7d7b3f2f3e3c2c
    6021322626281a3a000001371934010021402324255e262a28295f2b3a337c7e000000000000000082309ecd
    8d708b5ea08faa3981cd83544233114a3d85d6df501202175ccee8a6f1f2ae106c960ee7f7a9`),
  /** `Message-Authenticator=0x00` (status). */
  statusServer: hex('0c22002623a883ed6a9e3303be8ca7309158ae7b50129e2c382aa61fd3f2bf2be9c6f8d84a7d'),
  /** Accounting Start with Calling-Station-Id, Mikrotik-Host-IP and Message-Authenticator. */
  accountingStart: hex(`
    046d0066f2c30643ad87f0732daa01673f669dc80105626f622806000000012c0a383130303030303104060a
    00000108060a0500091f1341413a42423a43433a44443a45453a46461a0c00003a8c0a060a0500095012698d
    b169188203d46199b06d91e61b17`),
  /** Accounting Interim-Update with octets and gigawords, no Message-Authenticator. */
  accountingInterim: hex(`
    0421003578156c5bce934f218efa4e460827ff780105626f622806000000032c0a38313030303030312a0600
    000064340600000001`),
  /** CoA-Request changing Mikrotik-Rate-Limit, with Message-Authenticator. */
  coaRequest: hex(`
    2bd900480935a89e41343f82b9af4a188d5c33550105626f622c0a383130303030303108060a0500091a0d00
    003a8c0807314d2f324d5012fa24ded153b0bc4ef4bd6c354d26d047`),
  /** Disconnect-Request with Message-Authenticator. */
  disconnectRequest: hex(`
    289c0035cb0d17ef8b0c8e086d55e2617b8172510105626f622c0a38313030303030315012f69e5e16a7cdf7
    0cf85bb3bd5e4f9deb`),
  /** Accounting Stop signed with the secret `wrongsecret`. */
  accountingWrongSecret: hex('04b7001fdfd8985079957736c1157f55e825c4750105626f62280600000002'),
  /** PAP with Message-Authenticator signed with the secret `wrongsecret`. */
  papWrongSecret: hex(`
    012d003dd78d2d1f0c66a2554a71e828db3d33490105626f6202123ecefbf00c6c6ec7c05f72a3066fb7f250
    12f6a051b9646d9be84e995cf0b98af88c`),
}
