/*
 * The RADIUS server's profile cache never serves a stale password, status, expiry or reply:
 * every write committed before a request arrives is seen by that request, whether it was made
 * through RadiusUserService, by raw SQL in another connection (as another process would) that
 * stamps the change in its transaction, or by the authorizer's own first-login writes. Each
 * test also checks the cache was really answering (hits), so the proofs are not vacuous.
 */
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import tenancy from '#tenancy/main'
import type Tenant from '#models/central/tenant'
import { RadiusAuthorizer } from '#radius/auth/radius_authorizer'
import { RadiusEventBus } from '#radius/radius_events'
import type { RadiusRequest } from '#radius/types'
import {
  AuthProfileCache,
  authProfileCache,
  cacheKey,
  radiusGroupsChanged,
  radiusUsersChanged,
  SharedCheck,
} from '#radius/users/auth_profile_cache'
import type { ProfileRow } from '#radius/users/auth_profile'
import { profileLoadCounters, RadiusUserRepository } from '#radius/users/radius_user_repository'
import { RadiusUserService } from '#services/radius_user_service'
import { tenantFixture } from '#tests/helpers/tenants'
import {
  defineGroup,
  hotspotLogin,
  pppoeLogin,
  replyValue,
  rowsOf,
  shareStatements,
  vendorValue,
} from './helpers.js'

/** An authorizer on a profile cache of its own (the production one uses the process's). */
const authorizerOn = (cache: AuthProfileCache) =>
  new RadiusAuthorizer({
    events: new RadiusEventBus(),
    repository: new RadiusUserRepository({ profiles: cache }),
  })

test.group('RADIUS profile cache', (group) => {
  let tenant: Tenant
  const users = new RadiusUserService()
  // The production wiring: the authorizer's default repository uses the process's cache.
  const authorizer = new RadiusAuthorizer({ events: new RadiusEventBus() })
  group.setup(async () => {
    tenant = await tenantFixture()
  })

  const inTenant = <T>(work: () => Promise<T>) => tenancy.run(tenant, work)
  const authorize = (request: RadiusRequest, by = authorizer) =>
    inTenant(() => by.authorize(request))
  const accepts = async (username: string, password: string) =>
    (await authorize(hotspotLogin(tenant, username, password))).accept
  const hits = () => authProfileCache.stats().hits
  /** A raw transaction on the tenant's database, outside any tenant scope (another process). */
  const rawTransaction = <T>(work: (trx: any) => Promise<T>) =>
    db.connection(tenancy.connectionName(tenant)).transaction(work)

  test('a cached password is replaced as soon as the change through the service commits', async ({
    assert,
  }) => {
    await inTenant(() => users.create({ username: 'cache-pw', password: 'old-1' }))
    assert.isTrue(await accepts('cache-pw', 'old-1'))
    const before = hits()
    assert.isTrue(await accepts('cache-pw', 'old-1'))
    assert.equal(hits(), before + 1, 'the second login is answered from the cache')

    for (let round = 2; round <= 6; round++) {
      await inTenant(() => users.update('cache-pw', { password: `old-${round}` }))
      assert.isFalse(await accepts('cache-pw', `old-${round - 1}`), `round ${round}: old refused`)
      assert.isTrue(await accepts('cache-pw', `old-${round}`), `round ${round}: new accepted`)
      assert.isTrue(await accepts('cache-pw', `old-${round}`))
    }
    assert.isAbove(hits(), before + 5)
  })

  test('status and expiry changes are never served stale', async ({ assert }) => {
    await inTenant(() =>
      users.create({
        username: 'cache-st',
        password: 'pw',
        expiration: new Date(Date.now() + 86_400_000),
      })
    )
    assert.isTrue(await accepts('cache-st', 'pw'))
    assert.isTrue(await accepts('cache-st', 'pw'))
    const before = hits()

    await inTenant(() => users.disable('cache-st'))
    const disabled = await authorize(hotspotLogin(tenant, 'cache-st', 'pw'))
    assert.isFalse(disabled.accept)
    assert.equal(disabled.reason, 'Account is disabled')
    await inTenant(() => users.enable('cache-st'))
    assert.isTrue(await accepts('cache-st', 'pw'))
    assert.isTrue(await accepts('cache-st', 'pw'))
    assert.equal(hits(), before + 1, 'the second login after a change is a hit again')

    await inTenant(() => users.update('cache-st', { expiration: new Date(Date.now() - 60_000) }))
    const expired = await authorize(hotspotLogin(tenant, 'cache-st', 'pw'))
    assert.isFalse(expired.accept)
    assert.match(expired.reason!, /^Account expired on /)
    await inTenant(() => users.update('cache-st', { expiration: new Date(Date.now() + 3_600_000) }))
    assert.isTrue(await accepts('cache-st', 'pw'))

    await inTenant(() => users.delete('cache-st'))
    const deleted = await authorize(hotspotLogin(tenant, 'cache-st', 'pw'))
    assert.equal(deleted.reason, 'Unknown user')
    // And an unknown user (cached as unknown) exists as soon as it is created.
    await inTenant(() => users.create({ username: 'cache-st', password: 'again' }))
    assert.isTrue(await accepts('cache-st', 'again'))
  })

  test('a check reads the users stamped since the last only when the version moved', async ({
    assert,
  }) => {
    const cache = new AuthProfileCache()
    const own = authorizerOn(cache)
    const login = async (password: string) =>
      (await authorize(hotspotLogin(tenant, 'cache-quiet', password), own)).accept
    await inTenant(() => users.create({ username: 'cache-quiet', password: 'one' }))
    assert.isTrue(await login('one'))
    const before = cache.stats()
    for (let i = 0; i < 3; i++) assert.isTrue(await login('one'))
    let now = cache.stats()
    assert.equal(now.hits - before.hits, 3)
    assert.equal(now.checks - before.checks, 3)
    assert.equal(now.stampReads, before.stampReads, 'nothing changed: the version row sufficed')

    await inTenant(() => users.update('cache-quiet', { password: 'two' }))
    assert.isFalse(await login('one'))
    assert.equal(cache.stats().stampReads - before.stampReads, 1)
    assert.isTrue(await login('two'))
    assert.isTrue(await login('two'))
    now = cache.stats()
    assert.equal(now.stampReads - before.stampReads, 1, 'then unchanged again')
    assert.equal(now.hits - before.hits, 5)
  })

  test('a user created after a miss (an unknown user, cached as unknown) is found at once', async ({
    assert,
  }) => {
    const unknown = async (username: string) =>
      (await authorize(hotspotLogin(tenant, username, 'pw'))).reason
    assert.equal(await unknown('cache-new'), 'Unknown user')
    const before = hits()
    assert.equal(await unknown('cache-new'), 'Unknown user')
    assert.equal(hits(), before + 1, 'the unknown user is answered from the cache')
    await inTenant(() => users.create({ username: 'cache-new', password: 'pw' }))
    assert.isTrue(await accepts('cache-new', 'pw'))

    // The same through raw SQL in another connection (another process), stamped.
    assert.equal(await unknown('cache-new-raw'), 'Unknown user')
    assert.equal(await unknown('cache-new-raw'), 'Unknown user')
    await rawTransaction(async (trx) => {
      await trx.rawQuery(
        "INSERT INTO radcheck (username, attribute, op, value) VALUES (?, 'Cleartext-Password', ':=', 'pw')",
        ['cache-new-raw']
      )
      await radiusUsersChanged(trx, 'cache-new-raw')
    })
    assert.isTrue(await accepts('cache-new-raw', 'pw'))
  })

  test('first logins at once are read together, each with its own profile', async ({ assert }) => {
    // Misses arriving while one is read share the next statement: every user must still get
    // exactly its own rows and its group's (and an unknown user none), whatever its place.
    const names = Array.from({ length: 12 }, (_, at) => `cache-burst-${at}`)
    await defineGroup(tenant, 'burst-even', { reply: [['Idle-Timeout', '600']] })
    await defineGroup(tenant, 'burst-odd', { reply: [['Idle-Timeout', '300']] })
    await inTenant(async () => {
      for (const [at, name] of names.entries()) {
        const groups = [at % 2 ? 'burst-odd' : 'burst-even']
        if (at !== 5) await users.create({ username: name, password: `pw-${at}`, groups })
      }
    })
    const cache = new AuthProfileCache()
    const repository = new RadiusUserRepository({ profiles: cache })
    const burst = new RadiusAuthorizer({ events: new RadiusEventBus(), repository })
    const results = await Promise.all(
      names.map((name, at) => authorize(hotspotLogin(tenant, name, `pw-${at}`), burst))
    )
    assert.deepEqual(
      results.map((result) => result.accept),
      names.map((_, at) => at !== 5)
    )
    assert.equal(results[5].reason, 'Unknown user')
    assert.deepEqual(
      results.map((result) => replyValue(result.attributes, 'Idle-Timeout')),
      names.map((_, at) => (at === 5 ? undefined : at % 2 ? 300 : 600))
    )
    assert.equal(cache.stats().misses, names.length)
    // Another user's password is refused (rows were not mixed up), now from the cache.
    const swapped = await Promise.all(
      names.map((name, at) => authorize(hotspotLogin(tenant, name, `pw-${(at + 1) % 12}`), burst))
    )
    assert.isTrue(swapped.every((result) => !result.accept))
    assert.equal(cache.stats().hits, names.length)

    // One name in two cases in one statement: each is matched as the database compares names
    // (MySQL's collation: the same user; SQLite: the upper-case one is unknown).
    const fresh = new RadiusAuthorizer({
      events: new RadiusEventBus(),
      repository: new RadiusUserRepository({ profiles: new AuthProfileCache() }),
    })
    const [lower, upper] = await Promise.all(
      ['cache-burst-7', 'CACHE-BURST-7'].map((name) =>
        authorize(hotspotLogin(tenant, name, 'pw-7'), fresh)
      )
    )
    const sameUser = (await rowsOf(tenant, 'radcheck', { username: 'CACHE-BURST-7' })).length > 0
    assert.isTrue(lower.accept)
    assert.equal(upper.accept, sameUser)
    if (sameUser) assert.equal(replyValue(upper.attributes, 'Idle-Timeout'), 300)
  })

  test('a profile read in a snapshot older than the changes already applied is never kept', async ({
    assert,
  }) => {
    const cache = new AuthProfileCache()
    await inTenant(() => users.create({ username: 'cache-old', password: 'new' }))
    // A load whose snapshot predates the create (version 0): served to its own request, which
    // arrived before the change, but kept it would hide the change from later requests.
    const stale = async () => ({ rows: [], version: 0, flushed: 0 })
    const repository = new RadiusUserRepository({ profiles: cache })
    assert.isNull(await inTenant(() => cache.get('cache-old', stale)))
    assert.equal(cache.stats().entries, 0, 'the stale snapshot was not stored')
    const profile = await inTenant(() => repository.loadAuthProfile('cache-old'))
    assert.isNotNull(profile)
    assert.equal(cache.stats().misses, 2)
    assert.isNotNull(await inTenant(() => repository.loadAuthProfile('cache-old')))
    assert.equal(cache.stats().hits, 1)
  })

  test('a raw write in another connection, stamped in its transaction, is seen at once', async ({
    assert,
  }) => {
    await inTenant(() =>
      users.create({ username: 'cache-raw', password: 'before', rateLimit: '1M/1M' })
    )
    assert.isTrue(await accepts('cache-raw', 'before'))
    assert.isTrue(await accepts('cache-raw', 'before'))

    await rawTransaction(async (trx) => {
      await trx.rawQuery(
        "UPDATE radcheck SET value = 'after' WHERE username = ? AND attribute = 'Cleartext-Password'",
        ['cache-raw']
      )
      await radiusUsersChanged(trx, 'cache-raw')
    })
    assert.isFalse(await accepts('cache-raw', 'before'))
    assert.isTrue(await accepts('cache-raw', 'after'))

    // A group attribute: every member's reply changes (the whole tenant is dropped).
    await inTenant(() => users.setGroups('cache-raw', ['cache-pkg']))
    await defineGroup(tenant, 'cache-pkg', { reply: [['Idle-Timeout', '300']] })
    await rawTransaction((trx) => radiusGroupsChanged(trx))
    const first = await authorize(hotspotLogin(tenant, 'cache-raw', 'after'))
    assert.equal(replyValue(first.attributes, 'Idle-Timeout'), 300)
    await rawTransaction(async (trx) => {
      await trx.rawQuery("UPDATE radgroupreply SET value = '900' WHERE groupname = 'cache-pkg'")
      await radiusGroupsChanged(trx)
    })
    const second = await authorize(hotspotLogin(tenant, 'cache-raw', 'after'))
    assert.equal(replyValue(second.attributes, 'Idle-Timeout'), 900)
    assert.equal(vendorValue(second.attributes, 'Mikrotik-Rate-Limit'), '1M/1M')
  })

  test('a change committed while logins stream in: every login that starts after the commit sees it', async ({
    assert,
  }) => {
    await inTenant(() => users.create({ username: 'cache-race', password: 'one' }))
    assert.isTrue(await accepts('cache-race', 'one'))
    const before = hits()
    let committedAt = Infinity
    const outcomes: { startedAt: number; accept: boolean }[] = []
    let running = true
    // 16 concurrent login loops with the old password, so version checks are always in flight
    // and shared by several requests when the change commits.
    const loops = Array.from({ length: 16 }, async () => {
      while (running) {
        const startedAt = performance.now()
        const accept = await accepts('cache-race', 'one')
        outcomes.push({ startedAt, accept })
        // SQLite answers without I/O: let timers run.
        await new Promise((resolve) => setImmediate(resolve))
      }
    })
    await new Promise((resolve) => setTimeout(resolve, 150))
    await rawTransaction(async (trx) => {
      await trx.rawQuery(
        "UPDATE radcheck SET value = 'two' WHERE username = ? AND attribute = 'Cleartext-Password'",
        ['cache-race']
      )
      await radiusUsersChanged(trx, 'cache-race')
    })
    committedAt = performance.now()
    await new Promise((resolve) => setTimeout(resolve, 150))
    running = false
    await Promise.all(loops)

    const after = outcomes.filter((outcome) => outcome.startedAt > committedAt)
    const earlier = outcomes.filter((outcome) => outcome.startedAt <= committedAt)
    assert.isAbove(after.length, 10)
    assert.isAbove(earlier.filter((outcome) => outcome.accept).length, 10)
    assert.deepEqual(
      after.filter((outcome) => outcome.accept),
      [],
      'no login that started after the commit accepted the old password'
    )
    assert.isAbove(hits(), before + 10, 'the logins before the change were cache hits')
    assert.isTrue(await accepts('cache-race', 'two'))
  })

  test('the authorizer’s own first-login writes (validity start, MAC bind) invalidate too', async ({
    assert,
  }) => {
    let now = Date.now()
    const clocked = new RadiusAuthorizer({
      events: new RadiusEventBus(),
      clock: () => new Date(now),
    })
    await inTenant(() =>
      users.create({
        username: 'cache-voucher',
        password: 'v',
        accessPeriod: 3600,
        bindMacOnFirstLogin: true,
      })
    )
    const login = (mac: string) =>
      authorize(hotspotLogin(tenant, 'cache-voucher', 'v', mac), clocked)
    // Cached before the first login: the entry still holds the first-login markers.
    assert.isFalse(await accepts('cache-voucher', 'wrong'))
    const before = hits()
    const first = await login('AA:BB:CC:00:00:01')
    assert.isTrue(first.accept)
    assert.equal(hits(), before + 1)
    assert.closeTo(Number(replyValue(first.attributes, 'Session-Timeout')), 3600, 1)
    const checks = await rowsOf(tenant, 'radcheck', { username: 'cache-voucher' })
    assert.includeMembers(
      checks.map((row) => row.attribute),
      ['Expiration', 'Calling-Station-Id']
    )

    // Half an hour later: validity runs from the first login (a stale entry would restart it).
    now += 1800_000
    const again = await login('AA:BB:CC:00:00:01')
    assert.isTrue(again.accept)
    assert.closeTo(Number(replyValue(again.attributes, 'Session-Timeout')), 1800, 2)
    const other = await login('AA:BB:CC:00:00:02')
    assert.isFalse(other.accept)
    assert.match(other.reason!, /^Device AA:BB:CC:00:00:02 is not the bound device/)
    // Past the validity: refused.
    now += 1900_000
    assert.match((await login('AA:BB:CC:00:00:01')).reason!, /^Account expired on /)
  })

  test('group rows are held once per tenant: members share them, a group change reaches all', async ({
    assert,
  }) => {
    const cache = new AuthProfileCache()
    const own = authorizerOn(cache)
    const idleOf = async (username: string) => {
      const result = await authorize(hotspotLogin(tenant, username, 'pw'), own)
      assert.isTrue(result.accept, username)
      return replyValue(result.attributes, 'Idle-Timeout')
    }
    await defineGroup(tenant, 'held-pkg', { reply: [['Idle-Timeout', '300']] })
    await rawTransaction((trx) => radiusGroupsChanged(trx))
    const members = ['held-a', 'held-b', 'held-c']
    for (const username of members) {
      await inTenant(() => users.create({ username, password: 'pw' }))
      await inTenant(() => users.setGroups(username, ['held-pkg']))
    }

    for (const username of members) assert.equal(await idleOf(username), 300)
    assert.equal(cache.stats().misses, 3)
    assert.equal(cache.stats().groupReads, 1, 'only the first member is read with its group')
    for (const username of members) assert.equal(await idleOf(username), 300)
    assert.equal(cache.stats().hits, 3)

    await rawTransaction(async (trx) => {
      await trx.rawQuery("UPDATE radgroupreply SET value = '900' WHERE groupname = 'held-pkg'")
      await radiusGroupsChanged(trx)
    })
    for (const username of members) assert.equal(await idleOf(username), 900)
    assert.equal(cache.stats().groupReads, 2)

    // A membership of a group not held: the user is read with it.
    await defineGroup(tenant, 'held-other', { reply: [['Idle-Timeout', '600']] })
    await rawTransaction((trx) => radiusGroupsChanged(trx))
    assert.equal(await idleOf('held-a'), 900)
    await inTenant(() => users.setGroups('held-b', ['held-other']))
    assert.equal(await idleOf('held-b'), 600)
    assert.equal(await idleOf('held-c'), 900)
    assert.equal(cache.stats().groupReads, 4)
  })

  test('a membership gets the group rows the database compares equal, as without the cache', async ({
    assert,
  }) => {
    const cache = new AuthProfileCache()
    const cached = new RadiusUserRepository({ profiles: cache })
    const uncached = new RadiusUserRepository()
    await defineGroup(tenant, 'case-pkg', { reply: [['Idle-Timeout', '420']] })
    await rawTransaction((trx) => radiusGroupsChanged(trx))
    const memberships = { 'case-m1': 'case-pkg', 'case-m2': 'Case-Pkg', 'case-m3': 'Case-Pkg' }
    for (const [username, groupname] of Object.entries(memberships)) {
      await inTenant(() => users.create({ username, password: 'pw' }))
      await rawTransaction(async (trx) => {
        await trx.table('radusergroup').insert({ username, groupname, priority: 1 })
        await radiusUsersChanged(trx, username)
      })
    }
    // MySQL's case-insensitive collation joins 'Case-Pkg' to the rows of 'case-pkg', SQLite not.
    const matches = (await rowsOf(tenant, 'radgroupreply', { groupname: 'Case-Pkg' })).length > 0
    for (const username of Object.keys(memberships)) {
      for (let round = 0; round < 2; round++) {
        const profile = await inTenant(() => cached.loadAuthProfile(username))
        const reference = await inTenant(() => uncached.loadAuthProfile(username))
        assert.deepEqual([...profile!.reply], [...reference!.reply], `${username} ${round}`)
        assert.deepEqual(profile!.groups, reference!.groups)
      }
    }
    const idle = await inTenant(() => cached.loadAuthProfile('case-m3'))
    assert.deepEqual(idle!.reply.get('Idle-Timeout'), matches ? ['420'] : undefined)
    assert.equal(cache.stats().hits, 4)
    assert.equal(cache.stats().groupReads, 2, "read once for 'case-pkg', once for 'Case-Pkg'")
  })

  test('group rows of a snapshot with another `flushed` are never combined with a user’s', async ({
    assert,
  }) => {
    const cache = new AuthProfileCache()
    const [head] = await rowsOf(tenant, 'radius_versions', { id: 1 })
    const version = Number(head.version)
    const flushed = Number(head.flushed)
    let calls: boolean[] = []
    // A member of snap-pkg, read in a snapshot with `at` as flushed, where the group sets `idle`.
    const member = (at: number, idle: string) => async (_: string, withGroups: boolean) => {
      calls.push(withGroups)
      const rows: ProfileRow[] = [
        {
          src: 1,
          priority: 0,
          grp: '',
          id: 1,
          attribute: 'Cleartext-Password',
          op: ':=',
          value: 'pw',
        },
        { src: 3, priority: 1, grp: 'snap-pkg', id: 1, attribute: '', op: '', value: '' },
      ]
      if (withGroups) {
        rows.push({
          src: 5,
          priority: 1,
          grp: 'snap-pkg',
          id: 7,
          attribute: 'Idle-Timeout',
          op: '=',
          value: idle,
        })
      }
      return { rows, version, flushed: at }
    }
    const idleOf = async (username: string, load: ReturnType<typeof member>) => {
      calls = []
      const profile = await inTenant(() => cache.get(username, load))
      return profile?.reply.get('Idle-Timeout')?.[0]
    }
    assert.equal(await idleOf('snap-a', member(flushed, '300')), '300')
    assert.deepEqual(calls, [false, true])
    assert.equal(await idleOf('snap-b', member(flushed, 'unread')), '300')
    assert.deepEqual(calls, [false], 'the held rows served')
    // A later group change: the held rows are dropped.
    assert.equal(await idleOf('snap-c', member(flushed + 1, '900')), '900')
    assert.deepEqual(calls, [false, true])
    // A snapshot from before it (a statement answered late) is read with its own group rows...
    assert.equal(await idleOf('snap-d', member(flushed, '300')), '300')
    assert.deepEqual(calls, [false, true])
    // ...which are not kept over the newer ones.
    assert.equal(await idleOf('snap-e', member(flushed + 1, 'unread')), '900')
    assert.deepEqual(calls, [false])
  })

  test('a clock stepped back (NTP) does not stop the cache from serving', async ({ assert }) => {
    let now = 1_000_000
    const cache = new AuthProfileCache({ clock: () => now })
    const repository = new RadiusUserRepository({ profiles: cache })
    await inTenant(() => users.create({ username: 'cache-clock', password: 'pw' }))
    now -= 60_000
    assert.isNotNull(await inTenant(() => repository.loadAuthProfile('cache-clock')))
    assert.isNotNull(await inTenant(() => repository.loadAuthProfile('cache-clock')))
    assert.equal(cache.stats().hits, 1)
  })

  test('names a case-insensitive database treats as one share an entry; other stamps drop all', async ({
    assert,
  }) => {
    assert.equal(cacheKey('Alice@ISP'), 'alice@isp')
    assert.isUndefined(cacheKey('bad name'))
    assert.isUndefined(cacheKey('ünïcode'))
    assert.isUndefined(cacheKey('x'.repeat(65)))

    await inTenant(() => users.create({ username: 'casey', password: 'lower' }))
    assert.isTrue(await accepts('casey', 'lower'))
    assert.isTrue(await accepts('casey', 'lower'))
    // A writer that names the user in other case (MySQL's collation matches the same rows).
    await rawTransaction(async (trx) => {
      await trx.rawQuery(
        "UPDATE radcheck SET value = 'upper' WHERE username = 'casey' AND attribute = 'Cleartext-Password'"
      )
      await radiusUsersChanged(trx, 'CASEY')
    })
    assert.isFalse(await accepts('casey', 'lower'))
    assert.isTrue(await accepts('casey', 'upper'))

    // A stamp on a name the cache cannot key drops every entry of the tenant.
    await rawTransaction(async (trx) => {
      await trx.rawQuery(
        "UPDATE radcheck SET value = 'third' WHERE username = 'casey' AND attribute = 'Cleartext-Password'"
      )
      await radiusUsersChanged(trx, 'cäsey')
    })
    assert.isFalse(await accepts('casey', 'upper'))
    assert.isTrue(await accepts('casey', 'third'))
  })

  test('a version that went back (a restored database) drops the cache', async ({ assert }) => {
    const cache = new AuthProfileCache()
    const own = authorizerOn(cache)
    await inTenant(() => users.create({ username: 'cache-restore', password: 'kept' }))
    await authorize(hotspotLogin(tenant, 'cache-restore', 'kept'), own)
    await authorize(hotspotLogin(tenant, 'cache-restore', 'kept'), own)
    assert.equal(cache.stats().hits, 1)
    const flushes = cache.stats().flushes
    // A restore: older rows and an older version, with no stamp of the change.
    await rawTransaction(async (trx) => {
      await trx.rawQuery(
        "UPDATE radcheck SET value = 'restored' WHERE username = 'cache-restore' AND attribute = 'Cleartext-Password'"
      )
      await trx.rawQuery('UPDATE radius_versions SET version = 0, flushed = 0 WHERE id = 1')
    })
    const result = await authorize(hotspotLogin(tenant, 'cache-restore', 'kept'), own)
    assert.isFalse(result.accept)
    assert.equal(cache.stats().flushes, flushes + 1)
    assert.isTrue((await authorize(hotspotLogin(tenant, 'cache-restore', 'restored'), own)).accept)
  })

  test('off (RADIUS_PROFILE_CACHE=off) or for uncacheable names, every login reads the database', async ({
    assert,
  }) => {
    const cache = new AuthProfileCache({ enabled: false })
    const own = authorizerOn(cache)
    await inTenant(() => users.create({ username: 'cache-off', password: 'p' }))
    for (let i = 0; i < 3; i++) {
      assert.isTrue((await authorize(pppoeLogin(tenant, 'cache-off', 'p'), own)).accept)
    }
    assert.deepEqual(cache.stats(), {
      hits: 0,
      misses: 0,
      checks: 0,
      invalidated: 0,
      flushes: 0,
      groupReads: 0,
      stampReads: 0,
      entries: 0,
    })
  })
})

test.group('RADIUS profile cache: the shared version check', () => {
  /** A check whose runs the test finishes by hand. */
  function manualCheck() {
    const runs: { resolve: () => void; reject: (error: Error) => void }[] = []
    const check = new SharedCheck(
      () => new Promise<void>((resolve, reject) => runs.push({ resolve, reject }))
    )
    return { check, runs }
  }
  const settled = () => new Promise((resolve) => setImmediate(resolve))

  test('who asks while a check is in flight waits for the next one, shared with the others', async ({
    assert,
  }) => {
    const { check, runs } = manualCheck()
    const done: string[] = []
    const ask = (name: string) => check.fresh().then(() => done.push(name))
    const a = ask('a')
    assert.lengthOf(runs, 1, 'the first caller starts a check at once')
    // Sent before b and c asked: it must not answer them (a commit may lie in between).
    const b = ask('b')
    const c = ask('c')
    assert.lengthOf(runs, 1)
    runs[0].resolve()
    await a
    await settled()
    assert.deepEqual(done, ['a'])
    assert.lengthOf(runs, 2, 'one new check for b and c together')
    const d = ask('d')
    runs[1].resolve()
    await Promise.all([b, c])
    await settled()
    assert.deepEqual(done, ['a', 'b', 'c'])
    assert.lengthOf(runs, 3)
    runs[2].resolve()
    await d
    assert.deepEqual(done, ['a', 'b', 'c', 'd'])
    // Idle again: the next caller starts its own check.
    const e = ask('e')
    assert.lengthOf(runs, 4)
    runs[3].resolve()
    await e
  })

  test('a failed check rejects its callers only; the queued ones get a new check', async ({
    assert,
  }) => {
    const { check, runs } = manualCheck()
    const first = check.fresh()
    const second = check.fresh()
    runs[0].reject(new Error('database down'))
    await assert.rejects(() => first, 'database down')
    await settled()
    assert.lengthOf(runs, 2)
    runs[1].resolve()
    await second
  })
})

test.group('RADIUS profile cache: tenants of one MySQL server share statements', (group) => {
  let a: Tenant
  let b: Tenant
  const users = new RadiusUserService()
  group.setup(async () => {
    a = await tenantFixture()
    b = await tenantFixture()
    await tenancy.run(a, () => users.create({ username: 'shared-a', password: 'pw-a' }))
    await tenancy.run(b, () => users.create({ username: 'shared-b', password: 'pw-b' }))
  })

  const authorize = (
    cache: AuthProfileCache,
    tenant: Tenant,
    username: string,
    password: string
  ) => {
    const authorizer = authorizerOn(cache)
    return tenancy.run(tenant, () => authorizer.authorize(hotspotLogin(tenant, username, password)))
  }
  const login = async (...args: Parameters<typeof authorize>) => (await authorize(...args)).accept
  /** Runs `work` while the tenant's radius_versions table is away (its reads fail). */
  const whileUnreadable = async (tenant: Tenant, work: () => Promise<void>) => {
    const connection = db.connection(tenancy.connectionName(tenant))
    await connection.rawQuery('ALTER TABLE radius_versions RENAME TO radius_versions_away')
    try {
      await work()
    } finally {
      await connection.rawQuery('ALTER TABLE radius_versions_away RENAME TO radius_versions')
    }
  }
  /** Both tenants on one MySQL server with one account (the mysql driver; not cPanel's users). */
  const shareChecks = () => shareStatements(a, b)

  test('concurrent logins of two tenants share one statement, each sees its own changes', async ({
    assert,
  }) => {
    const cache = new AuthProfileCache()
    // Warm both (misses), then logins of both at once: one check for both on MySQL.
    assert.isTrue(await login(cache, a, 'shared-a', 'pw-a'))
    assert.isTrue(await login(cache, b, 'shared-b', 'pw-b'))
    const before = cache.stats()
    // The first login's check is in flight when the other two ask: they share the next one,
    // a statement over both databases on one MySQL server and account; else each on its own.
    const three = await Promise.all([
      login(cache, a, 'shared-a', 'pw-a'),
      login(cache, b, 'shared-b', 'pw-b'),
      login(cache, a, 'shared-a', 'pw-a'),
    ])
    assert.deepEqual(three, [true, true, true])
    const after = cache.stats()
    assert.equal(after.hits - before.hits, 3)
    if (shareChecks()) assert.equal(after.checks - before.checks, 2)
    else assert.isAtLeast(after.checks - before.checks, 2)

    // A change in b only is seen by b at once, and a keeps its cached profile: a check of
    // both reads the users stamped since only in b, whose version moved.
    await tenancy.run(b, () => users.update('shared-b', { password: 'pw-b2' }))
    const next = await Promise.all([
      login(cache, a, 'shared-a', 'pw-a'),
      login(cache, b, 'shared-b', 'pw-b'),
      login(cache, a, 'shared-a', 'pw-a'),
    ])
    assert.deepEqual(next, [true, false, true])
    assert.equal(cache.stats().stampReads - after.stampReads, 1)
    assert.isTrue(await login(cache, b, 'shared-b', 'pw-b2'))
    assert.equal(cache.stats().invalidated - after.invalidated, 1)
  })

  test('first logins of both tenants are read in one statement, each from its own tenant', async ({
    assert,
  }) => {
    for (const [tenant, seconds] of [
      [a, '100'],
      [b, '200'],
    ] as const) {
      await defineGroup(tenant, 'twins', { reply: [['Idle-Timeout', seconds]] })
      await tenancy.run(tenant, () =>
        users.create({ username: 'twin', password: `twin-${seconds}`, groups: ['twins'] })
      )
    }
    const cache = new AuthProfileCache()
    const before = profileLoadCounters()
    // Asked in one turn of the event loop, the loads share one statement: over both databases
    // on one MySQL server and account, else one per tenant.
    const results = await Promise.all([
      authorize(cache, a, 'shared-a', 'pw-a'),
      authorize(cache, a, 'twin', 'twin-100'),
      authorize(cache, b, 'twin', 'twin-200'),
      authorize(cache, a, 'twin', 'twin-200'),
      authorize(cache, b, 'twin', 'twin-100'),
      authorize(cache, b, 'nobody', 'pw'),
    ])
    assert.deepEqual(
      results.map((result) => [result.accept, replyValue(result.attributes, 'Idle-Timeout')]),
      [
        [true, undefined],
        [true, 100],
        [true, 200],
        [false, undefined],
        [false, undefined],
        [false, undefined],
      ]
    )
    const after = profileLoadCounters()
    assert.equal(after.retriedAlone, before.retriedAlone, 'no statement failed')
    if (shareChecks()) assert.equal(after.batches - before.batches, 1)
  })

  test('a tenant whose database fails a shared profile load does not fail the others', async ({
    assert,
  }) => {
    const before = profileLoadCounters()
    await whileUnreadable(b, async () => {
      const cache = new AuthProfileCache()
      const results = await Promise.allSettled([
        login(cache, a, 'shared-a', 'pw-a'),
        login(cache, b, 'twin', 'twin-200'),
        login(cache, a, 'twin', 'twin-100'),
      ])
      assert.deepEqual(results[0], { status: 'fulfilled', value: true })
      assert.equal(results[1].status, 'rejected', 'no answer from a tenant that cannot be read')
      assert.deepEqual(results[2], { status: 'fulfilled', value: true })
      // Shared: b's and a's loads failed together, then each was read alone.
      if (shareChecks()) assert.equal(profileLoadCounters().retriedAlone - before.retriedAlone, 3)
    })
  })

  test('a tenant whose database fails its check does not fail the others of its server', async ({
    assert,
  }) => {
    // (b's password is pw-b2 since the test above.)
    const cache = new AuthProfileCache()
    assert.isTrue(await login(cache, a, 'shared-a', 'pw-a'))
    assert.isTrue(await login(cache, b, 'shared-b', 'pw-b2'))
    await whileUnreadable(b, async () => {
      const checks = cache.stats().checks
      const results = await Promise.allSettled([
        login(cache, a, 'shared-a', 'pw-a'),
        login(cache, b, 'shared-b', 'pw-b2'),
        login(cache, a, 'shared-a', 'pw-a'),
      ])
      assert.deepEqual(results[0], { status: 'fulfilled', value: true })
      assert.equal(results[1].status, 'rejected', 'no answer from a tenant that cannot be checked')
      assert.deepEqual(results[2], { status: 'fulfilled', value: true })
      // Sharing: a alone, then b and a together (fails), then each alone.
      if (shareChecks()) assert.equal(cache.stats().checks - checks, 4)
    })
    assert.isTrue(await login(cache, b, 'shared-b', 'pw-b2'))
  })
})

test.group('RADIUS profile cache: the shared version check, by key', () => {
  test('a run gets every key asked for since the last one started, and may fail some only', async ({
    assert,
  }) => {
    const runs: { keys: string[]; finish: (failures?: Map<string, unknown>) => void }[] = []
    const check = new SharedCheck<string>(
      (keys) =>
        new Promise((resolve) =>
          runs.push({ keys, finish: (failures) => resolve(failures ?? new Map()) })
        )
    )
    const first = check.fresh('a')
    const x = check.fresh('x')
    const y = check.fresh('y')
    const again = check.fresh('x')
    assert.deepEqual(
      runs.map((run) => run.keys),
      [['a']]
    )
    runs[0].finish()
    await first
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(runs[1].keys, ['x', 'y'], 'one run for both keys, x once')
    runs[1].finish(new Map([['y', new Error('y is down')]]))
    await x
    await again
    await assert.rejects(() => y, 'y is down')
  })
})
