/**
 * One customer history for the whole team (issue 11, "Shared history"): two desks, each a
 * real browser host logged in to one PostgreSQL as its own agent (tests/e2e/support/teamDesks.ts),
 * on one Kamailio with rtpengine, and the customer's baresip phone (+1 212 555 0123).
 *
 * Ana takes the customer's call, creates her as a customer and writes a note; the customer
 * then calls Ben, and Ben's screen pop — painted from his own cache, before he answers —
 * shows her and Ana's note. Ben's database connection is cut during his call; he writes a
 * note anyway and hangs up; the header says it waits. The connection comes back, and the
 * next time the customer calls Ana, her pop shows Ben's note, once.
 *
 * A second story: the team's database refuses Ben's call for good (a rule the administrator
 * added); the header counts it, the list shows the note's words and why, and once the rule is
 * gone "Send again" writes it, so a refused note is never lost silently.
 *
 * A third story (issue 16, items 3 and 4), on the real network too: the local Bluesky PDS and
 * AppView join this test's world only. Lucía posts an angry mention of the brand; Ana's desk,
 * the team's ingester, writes it into the team database. Lucía's phone calls Ana, who creates
 * her and verifies her Bluesky account by a code Lucía posts from it. Sam's supervisor view lists
 * the post first in the Social queue, over its (one-minute) target; Sam enables desktop
 * notifications; when Lucía calls Ana again the Alerts region shows the post, its reach and
 * sentiment beside the call, the browser is asked to show it as a notification, and Sam takes
 * the conversation over.
 *
 *   npm run build && unshare -n bash -c 'ip link set lo up && npx playwright test --project=e2e tests/e2e/team-history.spec.ts'
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { callWith, contextRegion, sectionOf } from './support/context';
import { expect, test, USERS } from './support/softphone';
import { follow } from '../peers/blueskyPds';
import { axeAudit } from './support/axeAudit';
import { postMention, setProfile, startSocialNetwork, type SocialNetwork } from './support/bluesky';
import { rowWith } from './support/blueskyPage';
import { notificationsShown, observeNotifications } from './support/notificationObserver';
import { closeTeamDesks, openTeamDesk, startTeamDatabase, teamStatusOf, type TeamDatabase, type TeamDesk } from './support/teamDesks';

const NUMBER = '+12125550123';
const CUSTOMER = 'Carla Díaz';
const ANA_NOTE = 'Refund promised for the broken charger; she prefers calls after 5 pm.';
const BEN_NOTE = 'Called about the refund again; courier ref 7731 given.';
const REFUSED_NOTE = 'Wants the courier ref by email, not by phone.';
const SCREENSHOTS = 'test-results/screenshots';
const SIP_PASSWORDS = { [USERS.ana]: 'pw-ana', [USERS.ben]: 'pw-ben' } as const;

test.describe.configure({ timeout: 180_000 });

/** The SIP account a desk's profile carries (region US, so the customer shows as +1…). */
const sipProfile = (server: string, domain: string, user: typeof USERS.ana | typeof USERS.ben, name: string) => ({
  sip: {
    server,
    uri: `sip:${user}@${domain}`,
    authorizationUser: user,
    password: SIP_PASSWORDS[user],
    displayName: name,
    defaultRegion: 'US',
    iceServers: [],
  },
});

const registered = (page: Page) => expect(page.getByRole('status', { name: 'Phone line' })).toContainText('Registered', { timeout: 15_000 });

test.describe('one customer history for the team', () => {
  let team: TeamDatabase;
  /** The local Bluesky network, for the story that needs it only (CI time). */
  let social: SocialNetwork | undefined;
  const desks: TeamDesk[] = [];

  test.beforeEach(async () => {
    team = await startTeamDatabase();
  });

  test.afterEach(async () => {
    await closeTeamDesks(desks.splice(0));
    await team.close();
    await social?.close();
    social = undefined;
  });

  test('Ana’s note during a call pops on Ben’s desk when the customer calls him; Ben’s note written offline reaches Ana once', async ({ sip, browser }) => {
    const { domain } = sip.kamailio;
    const ana = await openTeamDesk(browser, team, { id: 'ana', name: 'Ana Ruiz', profile: sipProfile(sip.agentServer, domain, USERS.ana, 'Ana Ruiz') });
    desks.push(ana);
    const ben = await openTeamDesk(browser, team, { id: 'ben', name: 'Ben Okafor', profile: sipProfile(sip.agentServer, domain, USERS.ben, 'Ben Okafor') });
    desks.push(ben);
    await registered(ana.page);
    await registered(ben.page);
    const phone = await sip.phone(USERS.customer);

    await test.step('the customer calls Ana, who creates her as a customer, answers and writes a note', async () => {
      await phone.dial(`sip:${USERS.ana}@${domain}`);
      const call = callWith(ana.page, NUMBER);
      await expect(call.getByRole('button', { name: 'Answer' })).toBeVisible();
      const finder = sectionOf(ana.page, 'Find the customer');
      await finder.getByRole('textbox', { name: 'New customer name' }).fill(CUSTOMER);
      await finder.getByRole('button', { name: 'New customer' }).click();
      await expect(contextRegion(ana.page).getByRole('heading', { name: CUSTOMER })).toBeVisible();
      await call.getByRole('button', { name: 'Answer' }).click();
      await expect(call).toContainText('Connected');
      await contextRegion(ana.page).getByRole('textbox', { name: 'Call notes' }).fill(ANA_NOTE);
      await expect(
        contextRegion(ana.page)
          .getByRole('status')
          .filter({ hasText: /^Saved$/ }),
      ).toBeVisible();
    });

    await test.step('Ana hangs up: the call and its note are written to the team database in her name', async () => {
      await callWith(ana.page, NUMBER).getByRole('button', { name: 'Hang up' }).click();
      await phone.waitForEvent('CALL_CLOSED');
      await expect(callWith(ana.page, NUMBER)).toHaveCount(0);
      await expect
        .poll(async () => (await team.admin.query<{ author: string }>(`select author from interactions where summary = $1`, [ANA_NOTE])).rows, {
          timeout: 20_000,
        })
        .toEqual([{ author: 'ana' }]);
    });

    await test.step('the customer calls Ben: before he answers, his pop shows her and Ana’s note, by Ana', async () => {
      await phone.dial(`sip:${USERS.ben}@${domain}`);
      const call = callWith(ben.page, NUMBER);
      await expect(call.getByRole('button', { name: 'Answer' })).toBeVisible();
      await expect(contextRegion(ben.page).getByRole('heading', { name: CUSTOMER })).toBeVisible();
      const notes = sectionOf(ben.page, 'Notes');
      await expect(notes).toContainText(ANA_NOTE);
      await expect(notes).toContainText('by Ana Ruiz');
      // Still ringing: the pop came from Ben's own cache, not from a read on the call's path.
      await expect(call.getByRole('button', { name: 'Answer' })).toBeVisible();
    });

    await test.step('Ben answers; his database connection is cut; he writes a note and hangs up: it waits on his desk', async () => {
      const call = callWith(ben.page, NUMBER);
      await call.getByRole('button', { name: 'Answer' }).click();
      await expect(call).toContainText('Connected');
      ben.proxy.cut();
      await expect(teamStatusOf(ben.page)).toContainText('Team: Offline', { timeout: 20_000 });
      await contextRegion(ben.page).getByRole('textbox', { name: 'Call notes' }).fill(BEN_NOTE);
      await expect(
        contextRegion(ben.page)
          .getByRole('status')
          .filter({ hasText: /^Saved$/ }),
      ).toBeVisible();
      await call.getByRole('button', { name: 'Hang up' }).click();
      await phone.waitForEvent('CALL_CLOSED');
      await expect(teamStatusOf(ben.page)).toContainText(/Team: Offline · \d+ changes? waiting/);
      expect((await team.admin.query(`select id from interactions where summary = $1`, [BEN_NOTE])).rows).toEqual([]);
    });

    await test.step('Ben’s connection comes back: his note is written once', async () => {
      ben.proxy.restore();
      await expect(teamStatusOf(ben.page)).toHaveText('Team: Connected', { timeout: 30_000 });
      await expect
        .poll(async () => (await team.admin.query<{ author: string }>(`select author from interactions where summary = $1`, [BEN_NOTE])).rows, {
          timeout: 20_000,
        })
        .toEqual([{ author: 'ben' }]);
    });

    await test.step('the customer calls Ana again: her pop shows Ben’s note, once, by Ben', async () => {
      await contextRegion(ana.page).getByRole('button', { name: 'Close' }).click();
      await expect(contextRegion(ana.page).getByRole('heading', { name: CUSTOMER })).toHaveCount(0);
      await phone.dial(`sip:${USERS.ana}@${domain}`);
      await expect(callWith(ana.page, NUMBER).getByRole('button', { name: 'Answer' })).toBeVisible();
      const notes = sectionOf(ana.page, 'Notes');
      await expect(notes.getByText(BEN_NOTE)).toHaveCount(1);
      await expect(notes).toContainText('by Ben Okafor');
      await expect(notes).toContainText(ANA_NOTE);
    });
  });

  test('a call the team database refuses stays on Ben’s desk: the header counts it, the list shows its words and why, and Send again writes it', async ({
    sip,
    browser,
  }) => {
    const { domain } = sip.kamailio;
    const ben = await openTeamDesk(browser, team, { id: 'ben', name: 'Ben Okafor', profile: sipProfile(sip.agentServer, domain, USERS.ben, 'Ben Okafor') });
    desks.push(ben);
    await registered(ben.page);
    const phone = await sip.phone(USERS.customer);

    await test.step('the administrator adds a team rule: no courier references in call notes', async () => {
      await team.admin.query("alter table interactions add constraint no_courier_refs check (summary not like '%courier ref%') not valid");
    });

    await test.step('the customer calls Ben, who creates her, answers, writes a note against that rule and hangs up', async () => {
      await phone.dial(`sip:${USERS.ben}@${domain}`);
      const call = callWith(ben.page, NUMBER);
      await expect(call.getByRole('button', { name: 'Answer' })).toBeVisible();
      const finder = sectionOf(ben.page, 'Find the customer');
      await finder.getByRole('textbox', { name: 'New customer name' }).fill(CUSTOMER);
      await finder.getByRole('button', { name: 'New customer' }).click();
      await expect(contextRegion(ben.page).getByRole('heading', { name: CUSTOMER })).toBeVisible();
      await call.getByRole('button', { name: 'Answer' }).click();
      await expect(call).toContainText('Connected');
      await contextRegion(ben.page).getByRole('textbox', { name: 'Call notes' }).fill(REFUSED_NOTE);
      await expect(
        contextRegion(ben.page)
          .getByRole('status')
          .filter({ hasText: /^Saved$/ }),
      ).toBeVisible();
      await call.getByRole('button', { name: 'Hang up' }).click();
      await phone.waitForEvent('CALL_CLOSED');
    });

    const opener = ben.page.getByRole('banner').getByRole('button', { name: '1 change refused' });
    await test.step('the database refuses the call for good: the Team status counts it, kept on this desk', async () => {
      await expect(opener).toBeVisible({ timeout: 20_000 });
      await expect(teamStatusOf(ben.page)).toContainText('The team database refused 1 change; it is kept on this desk');
      expect((await team.admin.query('select id from interactions where summary = $1', [REFUSED_NOTE])).rows).toEqual([]);
    });

    await test.step('Ben opens the list: the call, the words of his note, why in words, and when', async () => {
      await opener.click();
      const dialog = ben.page.getByRole('dialog', { name: 'Changes the team database refused' });
      const row = dialog.getByRole('listitem', { name: 'Call with its wrap-up' });
      await expect(row).toContainText(REFUSED_NOTE);
      await expect(row).toContainText("It breaks one of the team database's rules.");
      await expect(row).toContainText(/Refused \d/);
      await ben.page.screenshot({ path: `${SCREENSHOTS}/team-refused-dialog.png` });
    });

    await test.step('the rule is dropped; Ben presses Send again: the call is written once, in his name, and nothing is refused', async () => {
      await team.admin.query('alter table interactions drop constraint no_courier_refs');
      const dialog = ben.page.getByRole('dialog', { name: 'Changes the team database refused' });
      await dialog.getByRole('listitem', { name: 'Call with its wrap-up' }).getByRole('button', { name: 'Send again' }).click();
      await expect(dialog).toContainText('Nothing is refused any more.', { timeout: 20_000 });
      await expect
        .poll(async () => (await team.admin.query<{ author: string }>('select author from interactions where summary = $1', [REFUSED_NOTE])).rows, {
          timeout: 20_000,
        })
        .toEqual([{ author: 'ben' }]);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect(ben.page.getByRole('banner').getByRole('button', { name: /refused/ })).toHaveCount(0);
      await expect(teamStatusOf(ben.page)).toHaveText('Team: Connected');
    });
  });

  test('Lucía’s angry post reaches the team database from the network, her number is verified by her posted code, and when she calls Ana the supervisor’s Alerts and a desktop notification show it; Sam takes it over', async ({
    sip,
    browser,
  }) => {
    // The network, three peers' worth of desks and a one-minute target to pass: past the spec's 180 s on two busy cores.
    test.setTimeout(360_000);
    const { domain } = sip.kamailio;
    const ANGRY = 'this is the worst service ever, my phone is broken and I am furious';
    const LUCIA = 'Lucía Fernández';
    const HANDLE = 'lucia.test';
    const BRAND = 'alertbrand.test';
    const { ana, sam, lucia, network } =
      await test.step('the local Bluesky network (with its AppView, for reach) holds the brand and Lucía, whom two people follow; Ana’s desk follows the brand for the team, Sam’s is a supervisor’s', async () => {
        social = await startSocialNetwork(BRAND, { appView: true });
        const network = social;
        const lucia = await network.pds.createAccount(HANDLE);
        await setProfile(lucia, 'Lucía F.');
        for (const fan of [await network.pds.createAccount('fan-one.test'), await network.pds.createAccount('fan-two.test')]) await follow(fan, lucia);
        // The ingester reads the author from the AppView when her post arrives: it must know her reach by then.
        const appView = network.pds.appView;
        if (appView === null) throw new Error('the complaint alert story needs the AppView, for the author’s reach');
        await appView.waitForProfile(lucia.did, (profile) => profile.followersCount === 2);
        const ana = await openTeamDesk(browser, team, {
          id: 'ana',
          name: 'Ana Ruiz',
          sip: `sip:${USERS.ana}@${domain}`,
          profile: { ...(network.profile({ chat: false }) as Record<string, unknown>), ...sipProfile(sip.agentServer, domain, USERS.ana, 'Ana Ruiz') },
        });
        desks.push(ana);
        // Sam's desk watches the team's calls through Kamailio with an account of its own (it never takes Ana's calls).
        // A one-minute first-response target: a post can be honestly over it within the story (the default is 30 minutes).
        const sam = await openTeamDesk(browser, team, {
          id: 'sam',
          name: 'Sam Lee',
          role: 'supervisor',
          sip: `sip:${USERS.colleague}@${domain}`,
          profile: {
            sip: {
              server: sip.agentServer,
              uri: `sip:${USERS.colleague}@${domain}`,
              authorizationUser: USERS.colleague,
              password: 'pw-colleague',
              displayName: 'Sam Lee',
              defaultRegion: 'US',
              iceServers: [],
            },
            team: { responseTargets: { publicMinutes: 1, privateMinutes: 1 } },
          },
        });
        desks.push(sam);
        await registered(ana.page);
        await expect(ana.page.getByText('Live', { exact: true })).toBeVisible({ timeout: 30_000 });
        // A first ingester starts at the network's live tip: Lucía chats (to nobody) until its first position is stored.
        await expect
          .poll(
            async () => {
              await postMention(lucia, null, 'lovely weather today');
              return (await team.admin.query("select cursor from ingest_cursor where account_id = $1 and stream = 'firehose'", [`bluesky:${BRAND}`])).rowCount;
            },
            { timeout: 20_000, intervals: [500] },
          )
          .toBe(1);
        return { ana, sam, lucia, network };
      });
    const phone = await sip.phone(USERS.customer);

    const mention = await test.step('Lucía posts an angry mention of the brand: Ana’s desk writes it into the team database, with her reach', async () => {
      const posted = await postMention(lucia, network.brand, ANGRY);
      await expect(rowWith(ana.page, ANGRY)).toBeVisible({ timeout: 20_000 });
      await expect
        .poll(
          async () =>
            (
              await team.admin.query<{ author: string | null; followers: string | null }>(
                "select payload -> 'author' ->> 'did' as author, payload -> 'author' ->> 'followers' as followers from social_items where uri = $1",
                [posted.uri],
              )
            ).rows,
          { timeout: 20_000 },
        )
        .toEqual([{ author: lucia.did, followers: '2' }]);
      return posted;
    });

    const context = contextRegion(ana.page);
    const verified = sectionOf(ana.page, 'Verified social accounts');
    const unverified = sectionOf(ana.page, 'Unverified social handles');
    await test.step('Lucía’s phone calls Ana, who creates her as a customer with that number, answers and records @lucia.test, unverified', async () => {
      await phone.dial(`sip:${USERS.ana}@${domain}`);
      const call = callWith(ana.page, NUMBER);
      await expect(call.getByRole('button', { name: 'Answer' })).toBeVisible();
      const finder = sectionOf(ana.page, 'Find the customer');
      await finder.getByRole('textbox', { name: 'New customer name' }).fill(LUCIA);
      await finder.getByRole('button', { name: 'New customer' }).click();
      await expect(context.getByRole('heading', { name: LUCIA })).toBeVisible();
      await call.getByRole('button', { name: 'Answer' }).click();
      await expect(call).toContainText('Connected');
      await context.getByRole('textbox', { name: 'Social handle' }).fill(`@${HANDLE}`);
      await context.getByRole('button', { name: 'Add social handle' }).click();
      await expect(unverified).toContainText(`@${HANDLE}`);
    });

    await test.step('Ana reads her a code; Lucía posts it from her account: the link turns verified, and the team database holds it as she proved it', async () => {
      await unverified.getByRole('button', { name: 'Verify: read a code on the call' }).click();
      const codeBox = unverified.getByRole('status').filter({ hasText: 'Read this code to the customer:' });
      await expect(codeBox).toContainText(/\d{3} \d{3}/);
      const spoken = /(\d{3}) (\d{3})/.exec((await codeBox.textContent()) ?? '');
      expect(spoken).not.toBeNull();
      await postMention(lucia, network.brand, `here is my code ${spoken?.[1] ?? ''}${spoken?.[2] ?? ''}`);
      await expect(verified).toContainText(`@${HANDLE}`, { timeout: 20_000 });
      await expect(verified).toContainText('proven by posting a one-time code');
      // Her number and her proven account are one customer's in the team's record, verified in Ana's name.
      await expect
        .poll(
          async () =>
            (
              await team.admin.query<{ number: string; did: string | null; status: string; verified_by: string | null; verified_how: string | null }>(
                `select phone.value as number, link.did, link.status, link.verified_by, link.verified_how
                   from identities link join identities phone on phone.customer_id = link.customer_id and phone.kind = 'phone'
                  where link.kind = 'bluesky' and link.value = $1`,
                [HANDLE],
              )
            ).rows,
          { timeout: 20_000 },
        )
        .toEqual([{ number: NUMBER, did: lucia.did, status: 'verified', verified_by: 'ana', verified_how: 'code-post' }]);
      await callWith(ana.page, NUMBER).getByRole('button', { name: 'Hang up' }).click();
      await phone.waitForEvent('CALL_CLOSED');
      await expect(callWith(ana.page, NUMBER)).toHaveCount(0);
    });

    const view = await test.step('Sam opens the supervisor view: the Social queue lists Lucía’s post first, negative, nobody handling it', async () => {
      await observeNotifications(sam.page.context());
      const opened = sam.page.context().waitForEvent('page');
      await sam.page.getByRole('button', { name: 'Supervisor view' }).click({ timeout: 20_000 });
      const view = await opened;
      await view.setViewportSize({ width: 1920, height: 1080 });
      const queue = view.getByRole('region', { name: 'Social queue' });
      const first = queue.getByRole('listitem').first();
      // A new tab loads the whole renderer, then reads the queue over a fresh team session: slow on a loaded 2-core machine.
      await expect(first).toContainText(ANGRY, { timeout: 45_000 });
      await expect(first).toContainText('Negative');
      await expect(first).toContainText('Nobody handles it');
      await expect(view.getByRole('region', { name: 'Alerts' })).toContainText('No alerts.');
      return view;
    });

    await test.step('Sam enables desktop notifications in the Alerts region (the browser allows them)', async () => {
      const alerts = view.getByRole('region', { name: 'Alerts' });
      const enable = alerts.getByRole('button', { name: 'Enable desktop notifications' });
      await expect(enable).toBeVisible();
      // The browser's answer to the permission prompt, which a headless browser cannot show.
      await view.context().grantPermissions(['notifications'], { origin: new URL(view.url()).origin });
      await enable.click();
      await expect(enable).toHaveCount(0);
    });

    await test.step('Lucía calls Ana from her verified number: the Alerts region names her as the team knows her and shows her post, its reach and sentiment beside the call, and a desktop notification says it', async () => {
      await phone.dial(`sip:${USERS.ana}@${domain}`);
      const call = callWith(ana.page, NUMBER);
      await call.getByRole('button', { name: 'Answer' }).click();
      await expect(call).toContainText('Connected');
      const alert = view.getByRole('region', { name: 'Alerts' }).getByRole('listitem').filter({ hasText: 'Complaint on a live call' });
      await expect(alert).toContainText('Ana Ruiz', { timeout: 20_000 });
      // The team's name for her, not the SIP server's "2125550123@127.0.0.1".
      await expect(alert).toContainText(`Ana Ruiz is on a call with ${LUCIA}`);
      await expect(alert).not.toContainText(`@${domain}`);
      await expect(alert).toContainText(`@${HANDLE}`);
      await expect(alert).toContainText(ANGRY);
      await expect(alert).toContainText('Reach: 2 followers of the author');
      await expect(alert).toContainText('Sentiment: Negative');
      await expect
        .poll(async () => (await notificationsShown(view)).filter((shown) => shown.title === 'Complaint on a live call'), { timeout: 20_000 })
        .toEqual([
          {
            title: 'Complaint on a live call',
            body: `${LUCIA} is on a call and has an open negative post (@${HANDLE}, 2 followers): “@${BRAND} ${ANGRY}”`,
          },
        ]);
    });

    await test.step('her post goes over its one-minute target in the Social queue; the view passes the accessibility audit and is captured at 1920×1080 with both regions', async () => {
      // The target is one minute from her post on the network: waiting for the row to say so, not for the clock
      // (checked here, after the call, so the minute passes while the story goes on). The queue wakes at the
      // instant a row crosses its target (ui/useJudgingNow.ts); the wait allows for a loaded machine.
      const row = view.getByRole('region', { name: 'Social queue' }).getByRole('listitem').filter({ hasText: ANGRY });
      await expect(row).toContainText('Over target', { timeout: 150_000 });
      await axeAudit(view, 'supervisor view with a complaint alert and the social queue');
      await mkdir(SCREENSHOTS, { recursive: true });
      await view.screenshot({ path: `${SCREENSHOTS}/supervisor-queue-alerts-1920x1080.png` });
    });

    await test.step('Sam takes the conversation over: the database hands it to him and the queue says so', async () => {
      const row = view.getByRole('region', { name: 'Social queue' }).getByRole('listitem').filter({ hasText: ANGRY });
      await row.getByRole('button', { name: 'Take over' }).click();
      await expect(row).toContainText('Handled by Sam Lee', { timeout: 20_000 });
      expect((await team.admin.query<{ handler: string | null }>('select handler from conversations where id = $1', [mention.uri])).rows).toEqual([
        { handler: 'sam' },
      ]);
      await callWith(ana.page, NUMBER).getByRole('button', { name: 'Hang up' }).click();
    });
  });
});
