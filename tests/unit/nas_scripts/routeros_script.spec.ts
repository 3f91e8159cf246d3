import { test } from '@japa/runner'
import {
  commentText,
  routerOsScript,
  routerOsString,
  PASTE_HERE_PROMPT,
  versionAtLeast,
} from '#services/nas_scripts/routeros_script'
import { quotedArgument, readRouterOsString, scriptInput } from './helpers.js'

const HOSTILE = 'a"b$c\\d;e\nf[g]?h{i}#j\'k\u00e9'

/** Every line is a comment, a command, a `:` statement, or empty: nothing was injected. */
function assertOnlyCommands(assert: any, script: string) {
  for (const line of script.split('\n')) {
    assert.match(line, /^(|#.*|\/[a-z].*|:[a-z].*)$/, `unexpected line: ${line}`)
  }
}

test.group('RouterOS script: values', () => {
  test('the v7 script carries exactly the NAS values', ({ assert }) => {
    const script = routerOsScript(scriptInput(), 'v7')
    assert.include(
      script,
      '/radius add service=hotspot,ppp address=203.0.113.10 secret="S3cretValue-42" authentication-port=1812 accounting-port=1813 timeout=3s comment="radius-billing"'
    )
    assert.include(script, '/radius remove [find where comment="radius-billing"]')
    assert.include(
      script,
      '/ip hotspot profile set [find] use-radius=yes radius-accounting=yes radius-interim-update=5m'
    )
    assert.include(script, '/ppp aaa set use-radius=yes accounting=yes interim-update=5m')
    assert.include(script, '/radius incoming set accept=yes port=3799')
    assert.include(
      script,
      '/radius set [find where comment="radius-billing"] require-message-auth=yes-for-request-resp'
    )
    assert.match(script, /^# RouterOS 7\.15 and newer only/m)
    assert.notInclude(script, 'src-address')
    assert.notInclude(script, '/system identity')
    assert.notInclude(script, 'wireguard')
    assertOnlyCommands(assert, script)
  })

  test('custom ports replace the defaults everywhere', ({ assert }) => {
    const script = routerOsScript(
      scriptInput({ authPort: 1645, acctPort: 1646, coaPort: 1700 }),
      'v7'
    )
    assert.include(script, 'authentication-port=1645 accounting-port=1646')
    assert.include(script, '/radius incoming set accept=yes port=1700')
    assert.notMatch(script, /=1812|=1813|=3799/)
  })

  test('a NAS-Identifier becomes the router identity', ({ assert }) => {
    const script = routerOsScript(scriptInput({ identifier: 'hq-01.lantai_2' }), 'v6')
    assert.include(script, '/system identity set name="hq-01.lantai_2"')
  })

  test('an IPv6 RADIUS address is written as it is', ({ assert }) => {
    const script = routerOsScript(scriptInput({ radiusAddress: '2001:db8::10' }), 'v7')
    assert.include(script, 'address=2001:db8::10 secret=')
  })

  test('a secret not shown again becomes a placeholder, with a note', ({ assert }) => {
    const script = routerOsScript(scriptInput({ secret: null }), 'v7')
    assert.equal(quotedArgument(script, '/radius add', 'secret'), PASTE_HERE_PROMPT)
    assert.include(script, '# The shared secret is shown only once.')
    assert.notInclude(script, 'S3cretValue-42')
  })
})

test.group('RouterOS script: v6 and v7', () => {
  test('v6 has no require-message-auth and no WireGuard; v7 has both', ({ assert }) => {
    const wireguard = {
      endpointHost: 'vpn.example.net',
      endpointPort: 51820,
      publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
      platformAddress: '10.200.0.1',
    }
    const v6 = routerOsScript(scriptInput({ wireguard, ipAddress: '10.200.0.12' }), 'v6')
    const v7 = routerOsScript(scriptInput({ wireguard, ipAddress: '10.200.0.12' }), 'v7')

    assert.notInclude(v6, 'require-message-auth')
    assert.notInclude(v6, '/interface wireguard')
    assert.include(v6, '# WireGuard needs RouterOS 7.')
    assert.include(v6, '# For RouterOS 6.')
    assert.include(v6, '# refused after this script, the router does not sign them')

    assert.include(v7, '# For RouterOS 7.')
    assert.include(v7, 'require-message-auth=yes-for-request-resp')
    assert.include(
      v7,
      '/interface wireguard peers add interface="wg-radius-billing" public-key="xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=" endpoint-address="vpn.example.net" endpoint-port=51820 allowed-address=10.200.0.1/32 persistent-keepalive=25s comment="radius-billing"'
    )
    assert.include(v7, '/ip address add address=10.200.0.12/32 interface="wg-radius-billing"')
    assert.include(v7, '/ip route add dst-address=10.200.0.1/32 gateway="wg-radius-billing"')
    // Through the tunnel: RADIUS goes to the platform's tunnel address, from the router's.
    assert.include(v7, 'address=10.200.0.1 secret="S3cretValue-42"')
    assert.include(v7, 'timeout=3s src-address=10.200.0.12 comment="radius-billing"')
    // The interface is created only once, so its key survives a second run.
    assert.match(
      v7,
      /^:if \(\[:len \[\/interface wireguard find where name="wg-radius-billing"\]\] = 0\) do=\{/m
    )
    assertOnlyCommands(assert, v6)
    assertOnlyCommands(assert, v7)
  })

  test('without Message-Authenticator required, the v6 script has no note about it', ({
    assert,
  }) => {
    const v6 = routerOsScript(scriptInput({ requireMessageAuthenticator: false }), 'v6')
    assert.notInclude(v6, 'Message-Authenticator')
  })

  test('require-message-auth only from RouterOS 7.15, when the router version is known', ({
    assert,
  }) => {
    const old = routerOsScript(scriptInput({ routerVersion: '7.12.1 (stable)' }), 'v7')
    assert.notInclude(old, '/radius set')
    assert.include(old, 'require-message-auth skipped: this router runs RouterOS 7.12.1 (stable)')
    const recent = routerOsScript(scriptInput({ routerVersion: '7.16.2 (stable)' }), 'v7')
    assert.include(recent, 'require-message-auth=yes-for-request-resp')
  })

  test('versionAtLeast compares numerically', ({ assert }) => {
    assert.isTrue(versionAtLeast('7.15', 7, 15))
    assert.isTrue(versionAtLeast('7.16.2 (stable)', 7, 15))
    assert.isTrue(versionAtLeast('8.0', 7, 15))
    assert.isFalse(versionAtLeast('7.9.2', 7, 15))
    assert.isFalse(versionAtLeast('6.49.17 (long-term)', 7, 15))
    assert.isFalse(versionAtLeast('unknown', 7, 15))
  })
})

test.group('RouterOS script: escaping', () => {
  test('special characters get the escapes of the RouterOS scripting manual', ({ assert }) => {
    assert.equal(routerOsString('plain-Value_1.2:3/4@5+6=7,8'), '"plain-Value_1.2:3/4@5+6=7,8"')
    assert.equal(routerOsString('"'), '"\\""')
    assert.equal(routerOsString('\\'), '"\\\\"')
    assert.equal(routerOsString('$x'), '"\\$x"')
    assert.equal(routerOsString('?'), '"\\?"')
    assert.equal(routerOsString('a\nb\r\tc'), '"a\\nb\\r\\tc"')
    assert.equal(routerOsString('[]'), '"\\5B\\5D"')
    assert.equal(routerOsString(';'), '"\\3B"')
    assert.equal(routerOsString('\u00e9'), '"\\C3\\A9"')
  })

  test('any string reads back unchanged', ({ assert }) => {
    const samples = [HOSTILE, '', ' ', '\\\\""$$??', 'x'.repeat(200), '\u0000\u0007\u007f', '😀']
    for (let i = 0; i < 200; i++) {
      samples.push(
        String.fromCharCode(...Array.from({ length: 12 }, () => Math.floor(Math.random() * 256)))
      )
    }
    for (const value of samples) {
      const quoted = routerOsString(value)
      const { value: read, end } = readRouterOsString(quoted, 0)
      assert.equal(read, value)
      assert.equal(end, quoted.length)
    }
  })

  test('a hostile secret, name and identifier cannot add commands', ({ assert }) => {
    const secret = 'x" ; /system reset-configuration ; :put "$ok\\\n/user add name=evil'
    const script = routerOsScript(
      scriptInput({
        secret,
        name: 'Kantor\n/user add name=evil group=full\r# x',
        identifier: 'id"; /system reboot',
      }),
      'v7'
    )
    assert.equal(quotedArgument(script, '/radius add', 'secret'), secret)
    assert.equal(quotedArgument(script, '/system identity', 'name'), 'id"; /system reboot')
    assert.notMatch(script, /^\/user/m)
    assert.notMatch(script, /^\/system reset/m)
    assert.equal(
      script.split('\n').length,
      routerOsScript(scriptInput({ identifier: 'a' }), 'v7').split('\n').length
    )
    assertOnlyCommands(assert, script)
  })

  test('comment text loses its line breaks', ({ assert }) => {
    assert.equal(commentText('a\nb\r\nc\u2028d'), 'a b c d')
  })
})
