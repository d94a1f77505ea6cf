import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/app/createCore';
import { silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../main/core/settings/preferencesStore';
import { step } from '../../integration/support/step';

// Issue 14 item 4: main's heap stays flat over a day of social traffic. Node's fetch buffered a timing
// entry per request (up to 250) that nothing read; the social day bench's heap diff named them.

let core: Core | undefined;
let server: Server | undefined;
afterEach(async () => {
  await core?.dispose();
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  core = undefined;
  server = undefined;
});

describe('main keeps no record of the requests it makes', () => {
  it('three hundred requests later, no resource timing is held', async () => {
    const local = createServer((_request, response) => response.end('ok'));
    server = local;
    const url = await new Promise<string>((resolve) =>
      local.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(local.address() as AddressInfo).port}/`)),
    );
    await step('main starts', async () => {
      core = await createCore({
        profile: Profile.parse({}),
        secrets: new MemorySecretStore(),
        preferences: new MemoryPreferencesStore(),
        shell: 'web',
        version: '0.0.0-test',
        log: silentLogger,
      });
    });
    await step('main fetches three hundred times, as a connector does over a day', async () => {
      for (let i = 0; i < 300; i += 1) expect(await (await fetch(url)).text()).toBe('ok');
    });
    await step('Node’s timing buffer is empty', () => {
      expect(performance.getEntriesByType('resource')).toHaveLength(0);
    });
  });
});
