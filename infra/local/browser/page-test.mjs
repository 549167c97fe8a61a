// The web page in a real browser, against a running local pipeline: local sign-in, upload through
// the file input, the byte-progress bar, READY, playback, the mail's ?video=<id> link, sign-out.
// See README.md for usage.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CheckFailed, Usage, check, deadline, launchChromium, main, parseOptions } from './harness.mjs';

const USAGE = `usage: node page-test.mjs --base-url URL --video FILE [--email ADDRESS] [--title TEXT]
                         [--screenshot FILE] [--timeout SECONDS] [--chromium PATH]`;

function options() {
  const { values, timeoutMs } = parseOptions({
    'base-url': { type: 'string' },
    video: { type: 'string' },
    email: { type: 'string', default: 'browser-test@example.com' },
    // Markup by default: the page must show it as text, never render user data as HTML.
    title: { type: 'string', default: `Browser test <b>${new Date().toISOString()}</b>` },
    screenshot: { type: 'string', default: 'page-test.png' },
  }, 120);
  if (!values['base-url'] || !values.video) throw new Usage('--base-url and --video are required');
  if (!existsSync(values.video)) throw new Usage(`no such video file: ${values.video}`);
  return {
    baseUrl: new URL(values['base-url']),
    video: resolve(values.video),
    email: values.email,
    title: values.title,
    screenshot: resolve(values.screenshot),
    timeoutMs,
    chromium: values.chromium,
  };
}

const log = (message) => console.log(`page-test: ${message}`);

async function run(opts) {
  const remaining = deadline(opts.timeoutMs);
  const { title } = opts;
  const size = statSync(opts.video).size;

  const browser = await launchChromium(opts.chromium, remaining());
  const pageErrors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') log(`browser console: ${message.text()} ${message.location().url ?? ''}`);
    });

    log(`loading ${opts.baseUrl.href}`);
    await page.goto(opts.baseUrl.href, { timeout: remaining() });
    // Auth is on: the API refuses a call without a token, and says what it wants.
    const anonymous = await page.evaluate(async () => {
      const response = await fetch('videos', { headers: { Accept: 'application/json' } });
      return { status: response.status, challenge: response.headers.get('WWW-Authenticate') };
    });
    check(anonymous.status === 401 && /^Bearer\b/.test(anonymous.challenge ?? ''),
      `GET /videos without a token answered ${anonymous.status} (WWW-Authenticate: ${anonymous.challenge})`);
    log('the API refuses a call without a token (401, Bearer challenge)');

    // The local sign-in: an address, no password; the page keeps the token and shows who it is.
    await page.getByLabel('Sign in as').fill(opts.email, { timeout: remaining() });
    await page.locator('#dev-sign-in').getByRole('button', { name: 'Sign in' }).click({ timeout: remaining() });
    await page.locator('#signed-in').waitFor({ state: 'visible', timeout: remaining() }).catch(async () => {
      throw new CheckFailed(`not signed in: ${await page.locator('#account-error').textContent()}`);
    });
    const signedInAs = await page.locator('#signed-in-email').textContent();
    // The receiver spells addresses in lower case, the token's claim too.
    check(signedInAs === opts.email.trim().toLowerCase(), `the page says signed in as ${JSON.stringify(signedInAs)}`);
    log(`signed in as ${signedInAs}`);
    await page.getByLabel('Title').fill(title);

    // Every value the upload bar takes, as the page sets it.
    await page.evaluate(() => {
      const bar = document.getElementById('upload-progress');
      window.progressSeen = [];
      new MutationObserver(() => window.progressSeen.push(bar.value / bar.max))
        .observe(bar, { attributes: true, attributeFilter: ['value', 'max'] });
    });
    // Over loopback the upload would be over in one progress event: throttle it to about four seconds.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const throttle = (uploadThroughput) => cdp.send('Network.emulateNetworkConditions',
      { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput });
    await throttle(Math.max(64 * 1024, Math.ceil(size / 4)));

    const uploaded = page.waitForResponse((response) => response.request().method() === 'POST'
      && /\/videos(\/[^/]+\/complete)?$/.test(new URL(response.url()).pathname), { timeout: remaining() });
    const uploadStart = Date.now();
    await page.locator('#file').setInputFiles(opts.video, { timeout: remaining() });
    const response = await uploaded;
    await throttle(-1);
    check(response.ok(), `upload answered ${response.status()}: ${await response.text()}`);
    const { id } = await response.json();
    log(`uploaded ${basename(opts.video)} (${size} bytes) in ${Date.now() - uploadStart} ms as ${id}`);

    const seen = await page.evaluate(() => window.progressSeen);
    const between = new Set(seen.filter((f) => f > 0 && f < 1).map((f) => f.toFixed(3)));
    check(between.size >= 2, `the progress bar did not move through the upload; fractions seen: ${seen.join(', ')}`);
    check(seen.at(-1) === 1, `the progress bar did not end full; fractions seen: ${seen.join(', ')}`);
    log(`progress bar went through ${between.size} values between 0 and 100%`);

    const item = page.locator(`li[data-video-id="${id}"]`);
    const itemTitle = await item.locator('.title').textContent({ timeout: remaining() });
    check(itemTitle === title, `the list shows the title as ${JSON.stringify(itemTitle)}, not as the text ${JSON.stringify(title)}`);
    check(await item.locator('.title *').count() === 0, 'the title was rendered as HTML');

    const final = await page.waitForFunction((videoId) => {
      const status = document.querySelector(`li[data-video-id="${videoId}"]`)?.dataset.status;
      return (status === 'READY' || status === 'FAILED') && status;
    }, id, { timeout: remaining(), polling: 250 }).then((handle) => handle.jsonValue());
    check(final === 'READY', `the video ended ${final}: ${await item.locator('.failure').textContent()}`);
    log(`READY ${Math.round((Date.now() - uploadStart) / 1000)} s after the upload started`);

    // The poster's URL arrives with READY; the image itself a moment later.
    await item.locator('img.poster').evaluate((img) => img.decode(), null, { timeout: remaining() })
      .catch(() => { throw new CheckFailed('the poster in the list did not load'); });

    await item.getByRole('button', { name: 'Play' }).click({ timeout: remaining() });
    const video = page.locator('#player-video');
    await video.waitFor({ state: 'visible', timeout: remaining() });
    // Playback, not just a loaded file: the clock must start, then keep moving.
    const clock = () => document.getElementById('player-video').currentTime;
    await page.waitForFunction(() => {
      const v = document.getElementById('player-video');
      return v.currentTime > 0.2 && !v.paused;
    }, null, { timeout: remaining(), polling: 100 }).catch(async () => {
      const error = await page.locator('#player-error').textContent();
      throw new CheckFailed(`the video did not start playing${error ? ` (${error})` : ''}`);
    });
    const startedAtTime = await page.evaluate(clock);
    await page.waitForFunction((from) => document.getElementById('player-video').currentTime > from + 1,
      startedAtTime, { timeout: remaining(), polling: 100 })
      .catch(() => { throw new CheckFailed(`currentTime stayed near ${startedAtTime} s`); });
    const playedTo = await page.evaluate(clock);
    log(`playing: currentTime went from ${startedAtTime.toFixed(2)} s to ${playedTo.toFixed(2)} s`);

    mkdirSync(dirname(opts.screenshot), { recursive: true });
    await page.screenshot({ path: opts.screenshot, fullPage: true, timeout: remaining() });
    log(`screenshot: ${opts.screenshot}`);

    // The notification mail's link opens the player straight away.
    const linked = await context.newPage();
    linked.on('pageerror', (error) => pageErrors.push(error.message));
    await linked.goto(new URL(`?video=${id}`, opts.baseUrl).href, { timeout: remaining() });
    await linked.locator('#player-video[poster]').waitFor({ state: 'visible', timeout: remaining() });
    const linkedTitle = await linked.locator('#player-title').textContent();
    check(linkedTitle === title, `?video=${id} opened ${JSON.stringify(linkedTitle)}`);
    await linked.waitForFunction(() => document.getElementById('player-video').readyState >= 1,
      null, { timeout: remaining() })
      .catch(() => { throw new CheckFailed(`?video=${id} showed the player but loaded no media`); });
    log(`?video=${id} opens its player`);

    // Signing out empties the list and turns uploads off.
    await page.getByRole('button', { name: 'Sign out or switch address' }).click({ timeout: remaining() });
    await page.getByLabel('Sign in as').waitFor({ state: 'visible', timeout: remaining() });
    check(await page.locator('#videos li').count() === 0, 'the list still shows videos after signing out');
    check(await page.locator('#file').isDisabled(), 'the file input takes uploads after signing out');
    log('signed out: no list, no uploads');

    check(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`);
  } finally {
    await browser.close();
  }
}

await main('page-test', USAGE, options, run);
