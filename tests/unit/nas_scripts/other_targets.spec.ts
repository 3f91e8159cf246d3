import { execFileSync } from 'node:child_process'
import { test } from '@japa/runner'
import { openWrtConfig, shellQuote } from '#services/nas_scripts/openwrt_config'
import { unifiProfileFields, unifiProfileText } from '#services/nas_scripts/unifi_profile'
import { PASTE_HERE_PROMPT } from '#services/nas_scripts/routeros_script'
import { scriptInput } from './helpers.js'

/** What `sh` makes of a quoted word. */
function shellValue(word: string): string {
  return execFileSync('sh', ['-c', `printf '%s' ${word}`], { encoding: 'utf8' })
}

test.group('UniFi profile', () => {
  test('the profile values are exactly the NAS values', ({ assert }) => {
    const fields = Object.fromEntries(
      unifiProfileFields(scriptInput({ identifier: 'ap-lobby', acctPort: 1646 })).map((field) => [
        field.key,
        field.value,
      ])
    )
    assert.deepEqual(fields, {
      profile_name: 'radius-billing-12',
      auth_server: '203.0.113.10',
      auth_port: '1812',
      auth_secret: 'S3cretValue-42',
      accounting: 'on',
      acct_server: '203.0.113.10',
      acct_port: '1646',
      acct_secret: 'S3cretValue-42',
      interim_update: '300',
      coa_port: '3799',
      nas_identifier: 'ap-lobby',
    })
  })

  test('the text file labels each value', ({ assert }) => {
    const text = unifiProfileText(scriptInput({ secret: null }), (key) => `L:${key}`, 'Title')
    assert.match(text, /^Title\n\n/)
    assert.match(text, /^L:auth_secret\s+PASTE-THE-SHARED-SECRET-HERE$/m)
    assert.match(text, /^L:interim_update\s+300$/m)
  })
})

test.group('OpenWRT settings', () => {
  test('CoovaChilli gets the NAS values through uci', ({ assert }) => {
    const text = openWrtConfig(scriptInput({ coaPort: 1700 }))
    for (const line of [
      "uci set chilli.@chilli[0].radiusserver1='203.0.113.10'",
      "uci set chilli.@chilli[0].radiusserver2='203.0.113.10'",
      "uci set chilli.@chilli[0].radiusauthport='1812'",
      "uci set chilli.@chilli[0].radiusacctport='1813'",
      "uci set chilli.@chilli[0].radiussecret='S3cretValue-42'",
      "uci set chilli.@chilli[0].radiusnasid='nas-12'",
      "uci set chilli.@chilli[0].coaport='1700'",
      "uci set chilli.@chilli[0].definteriminterval='300'",
      'uci commit chilli',
    ]) {
      assert.include(text, `\n${line}\n`)
    }
  })

  test('nodogsplash asks our server through radclient in its binauth hook', ({ assert }) => {
    const text = openWrtConfig(scriptInput({ identifier: 'ap-2', radiusAddress: '2001:db8::1' }))
    assert.include(
      text,
      "uci set nodogsplash.@nodogsplash[0].binauth='/etc/nodogsplash/radius_auth.sh'"
    )
    assert.include(text, 'radclient -r 2 -t 3 [2001:db8::1]:1812 auth')
    assert.include(text, "printf '%s' 'S3cretValue-42' > /etc/nodogsplash/radius_secret")
    assert.include(text, "'ap-2' |")
    assert.include(text, 'Message-Authenticator = 0x00')
  })

  test('a hostile secret stays one shell word', ({ assert }) => {
    const secret = `x'; rm -rf / ; echo '$HOME \`id\` "q" \\`
    assert.equal(shellValue(shellQuote(secret)), secret)
    const text = openWrtConfig(scriptInput({ secret }))
    assert.include(text, `uci set chilli.@chilli[0].radiussecret=${shellQuote(secret)}`)
  })

  test('the placeholder replaces a secret not shown again', ({ assert }) => {
    const text = openWrtConfig(scriptInput({ secret: null }))
    assert.include(text, `radiussecret='${PASTE_HERE_PROMPT}'`)
    assert.notInclude(text, 'S3cretValue-42')
  })
})
