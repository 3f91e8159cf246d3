import { randomBytes } from 'node:crypto'
import type { CoaResult, CoaSender, SessionRef } from '#radius/types'
import type { PluginServices } from '#plugins/contracts/services'
import { PluginError } from '#plugins/errors'
import { createSigner, fetchWithTimeout } from '#plugins/plugin_services'

/** A CoA sender that records each request and answers with `reply` (an ACK by default). */
export class FakeCoaSender implements CoaSender {
  /** Every request, in order. */
  calls: { action: 'disconnect' | 'coa'; session: SessionRef }[] = []
  reply: CoaResult = { acknowledged: true }

  async disconnect(session: SessionRef) {
    this.calls.push({ action: 'disconnect', session })
    return this.reply
  }

  async changeAuthorization(session: SessionRef) {
    this.calls.push({ action: 'coa', session })
    return this.reply
  }
}

const silent = () => {}

/**
 * Services as core would hand them to `plugin`, for tests: a silent logger, real fetch with a
 * 5 s deadline, a signer with a random key, a recording CoA sender and no database unless given.
 */
export function fakeServices(
  plugin: string,
  overrides: Partial<PluginServices> = {}
): PluginServices {
  return {
    logger: { trace: silent, debug: silent, info: silent, warn: silent, error: silent },
    fetch: fetchWithTimeout(5_000),
    signer: createSigner(randomBytes(32).toString('hex'), plugin),
    db: () => {
      throw new PluginError(
        `${plugin}: no database in this test; pass services.db`,
        'E_PLUGIN_SERVICE_UNAVAILABLE'
      )
    },
    coa: new FakeCoaSender(),
    ...overrides,
  }
}
