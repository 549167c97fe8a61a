// The web page's resumable direct upload in a real browser, against a running local pipeline whose
// multipart threshold is below the video's size: the network cut mid-upload then restored, and a
// reload mid-upload, each finish without sending a stored part again. See README.md for usage.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Usage, check, deadline, launchChromium, main, parseOptions } from './harness.mjs';

const USAGE = `usage: node resume-test.mjs --base-url URL --video FILE --second-video FILE [--email ADDRESS]
                           [--timeout SECONDS] [--chromium PATH]`;

function options() {
  const { values, timeoutMs } = parseOptions({
    'base-url': { type: 'string' },
    video: { type: 'string' },
    'second-video': { type: 'string' },
    email: { type: 'string', default: 'resume-test@example.com' },
  }, 180);
  if (!values['base-url'] || !values.video || !values['second-video']) {
    throw new Usage('--base-url, --video and --second-video are required');
  }
  for (const file of [values.video, values['second-video']]) {
    if (!existsSync(file)) throw new Usage(`no such video file: ${file}`);
  }
  return {
    baseUrl: new URL(values['base-url']),
    videos: [resolve(values.video), resolve(values['second-video'])],
    email: values.email,
    timeoutMs,
    chromium: values.chromium,
  };
}

const log = (message) => console.log(`resume-test: ${message}`);

/** Every part PUT the page makes to S3, as it ends: its part number, and its status or its failure. */
function recordParts(page) {
  const attempts = [];
  const partOf = (request) => {
    if (request.method() !== 'PUT') return null;
    const number = new URL(request.url()).searchParams.get('partNumber');
    return number === null ? null : Number(number);
  };
  page.on('response', (response) => {
    const part = partOf(response.request());
    if (part !== null) attempts.push({ part, ok: response.ok(), status: response.status() });
  });
  page.on('requestfailed', (request) => {
    const part = partOf(request);
    if (part !== null) attempts.push({ part, ok: false, status: request.failure()?.errorText });
  });
  return attempts;
}

// The pipeline's direct part size (PIPELINE_UPLOAD_DIRECT_PART_BYTES, as LocalPipelineIT sets it):
// S3's least, so a small file has a few parts.
const PART_BYTES = 5 * 1024 * 1024;
const lastPart = (size) => Math.ceil(size / PART_BYTES);
// How long the cut lasts: longer than Uppy's first retries (0 and 1 s) would wait.
const OFFLINE_MS = 2500;

const stored = (attempts) => new Set(attempts.filter((a) => a.ok).map((a) => a.part));

async function poll(what, condition, remaining) {
  const until = Date.now() + remaining();
  while (!(await condition())) {
    check(Date.now() < until, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function signIn(page, email, remaining) {
  await page.getByLabel('Sign in as').fill(email, { timeout: remaining() });
  await page.locator('#dev-sign-in').getByRole('button', { name: 'Sign in' }).click({ timeout: remaining() });
  await page.locator('#signed-in').waitFor({ state: 'visible', timeout: remaining() });
}

/** The video's list entry until READY (or FAILED, with its reason). */
async function awaitReady(page, id, remaining) {
  const final = await page.waitForFunction((videoId) => {
    const status = document.querySelector(`li[data-video-id="${videoId}"]`)?.dataset.status;
    return (status === 'READY' || status === 'FAILED') && status;
  }, id, { timeout: remaining(), polling: 250 }).then((handle) => handle.jsonValue());
  const reason = await page.locator(`li[data-video-id="${id}"] .failure`).textContent().catch(() => '');
  check(final === 'READY', `${id} ended ${final}: ${reason}`);
}

/** Each part stored exactly once, none sent after S3 held it, and all of them there in the end. */
function checkEachPartOnce(attempts, parts, when) {
  for (let n = 1; n <= parts; n++) {
    const mine = attempts.filter((a) => a.part === n);
    const firstOk = mine.findIndex((a) => a.ok);
    check(firstOk >= 0, `${when}: part ${n} was never stored (${JSON.stringify(mine)})`);
    check(firstOk === mine.length - 1, `${when}: part ${n} was sent again after S3 held it (${JSON.stringify(mine)})`);
  }
}

async function run(opts) {
  const remaining = deadline(opts.timeoutMs);
  const browser = await launchChromium(opts.chromium, remaining());
  const pageErrors = [];
  // A wait started early and awaited later: if an earlier step fails first, the browser closes
  // under it, and its rejection must not be reported (unhandled) in place of that step's error.
  const awaitedLater = (promise) => {
    promise.catch(() => {});
    return promise;
  };
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const attempts = recordParts(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // One CDP call sets both: loopback throttled to make the upload last a few seconds, and offline.
    const network = (uploadThroughput, offline = false) => cdp.send('Network.emulateNetworkConditions',
      { offline, latency: 0, downloadThroughput: -1, uploadThroughput });
    // The last part's first PUT is held until the test lets it go (cut or passed on), so the cut and
    // the reload come while a part is missing, however fast loopback is.
    let holding = null;
    let held = null;
    await context.route((url) => url.searchParams.has('partNumber'), (route) => {
      if (holding !== null && Number(new URL(route.request().url()).searchParams.get('partNumber')) === holding) {
        holding = null;
        held = route;
      } else {
        route.continue().catch(() => {});
      }
    });
    const tickets = [];
    page.on('response', async (response) => {
      if (response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/videos/uploads')) {
        tickets.push(await response.json());
      }
    });

    await page.goto(opts.baseUrl.href, { timeout: remaining() });
    await signIn(page, opts.email, remaining);

    // 1. The network cut mid-upload: with some parts stored and the last one on its way, the
    //    browser goes offline and the last one fails; back online, the upload sends only that one.
    const [first, second] = opts.videos;
    const size = statSync(first).size;
    await page.evaluate(() => {
      const bar = document.getElementById('upload-progress');
      window.progressSeen = [];
      new MutationObserver(() => window.progressSeen.push(bar.value / bar.max))
        .observe(bar, { attributes: true, attributeFilter: ['value', 'max'] });
    });
    const throughput = Math.ceil(size / 6);
    await network(throughput);
    const completed = () => awaitedLater(page.waitForResponse((r) => r.request().method() === 'POST'
      && /\/videos\/[^/]+\/complete$/.test(new URL(r.url()).pathname), { timeout: remaining() }));
    let done = completed();
    holding = lastPart(size);
    await page.locator('#file').setInputFiles(first, { timeout: remaining() });
    await poll('the last part on its way and another stored',
      () => held !== null && stored(attempts).size >= 1, remaining);
    await network(throughput, true);
    const storedAtCut = stored(attempts).size;
    await held.abort('internetdisconnected');
    await poll('a part PUT failing offline', () => attempts.some((a) => !a.ok), remaining);
    check(await page.evaluate(() => navigator.onLine === false), 'the page does not know it is offline');
    // The cut lasts a while: the page must wait for the network, not spend its retries on it (the
    // first comes at once), so no PUT may be tried while offline.
    const triedAtCut = attempts.length;
    await page.waitForTimeout(OFFLINE_MS);
    check(attempts.length === triedAtCut, `${attempts.length - triedAtCut} PUT(s) tried while offline`);
    log(`offline ${OFFLINE_MS} ms with ${storedAtCut} part(s) stored; ${attempts.filter((a) => !a.ok).length} PUT(s) `
      + 'cut, none tried while offline');
    await network(throughput);
    let response = await done;
    check(response.ok(), `complete answered ${response.status()}: ${await response.text()}`);
    const ticket = tickets[0];
    const parts = ticket.upload.parts.length;
    check(ticket.upload.partSizeBytes === PART_BYTES && parts >= 3, `the ticket has ${parts} parts of `
      + `${ticket.upload.partSizeBytes} bytes: start the pipeline with 5 MiB parts and a threshold below the file`);
    checkEachPartOnce(attempts, parts, 'after the cut');
    const cut = attempts.filter((a) => !a.ok).length;
    check(cut >= 1, 'no part PUT failed during the cut');
    log(`${basename(first)} (${size} bytes, ${parts} parts) finished: ${attempts.length} PUTs, ${cut} cut, `
      + 'no stored part sent again');
    const seen = await page.evaluate(() => window.progressSeen);
    const between = new Set(seen.filter((f) => f > 0 && f < 1).map((f) => f.toFixed(3)));
    check(between.size >= 3, `the progress bar did not move through the upload; fractions seen: ${seen.join(', ')}`);
    check(seen.at(-1) === 1, `the progress bar did not end full; fractions seen: ${seen.join(', ')}`);
    log(`progress bar went through ${between.size} values between 0 and 100%`);
    await awaitReady(page, ticket.id, remaining);
    log(`${ticket.id} READY`);

    // 2. Pause and resume, then a reload mid-upload: the page forgets everything but its note of
    //    the open upload; the same file picked again continues it (GET /videos/{id}/upload) with the
    //    parts S3 lacks.
    attempts.length = 0;
    const secondSize = statSync(second).size;
    await network(Math.ceil(secondSize / 6));
    held = null;
    holding = lastPart(secondSize);
    await page.locator('#file').setInputFiles(second, { timeout: remaining() });
    await poll('the last part on its way and two stored', () => held !== null && stored(attempts).size >= 2, remaining);
    const secondTicket = tickets[1];
    const whereItStands = () => awaitedLater(page.waitForResponse((r) => r.request().method() === 'GET'
      && new URL(r.url()).pathname.endsWith(`/videos/${secondTicket.id}/upload`), { timeout: remaining() }));
    await page.locator('#upload-pause').click({ timeout: remaining() });
    await page.locator('#upload-status', { hasText: 'Paused' }).waitFor({ timeout: remaining() });
    await held.abort('aborted').catch(() => {}); // the page dropped it already
    held = null;
    holding = lastPart(secondSize);
    const listedAgain = whereItStands();
    await page.locator('#upload-pause', { hasText: 'Resume' }).click({ timeout: remaining() });
    check((await listedAgain).ok(), 'the resume after the pause did not ask where the upload stood');
    await poll('the last part on its way again', () => held !== null, remaining);
    log(`paused and resumed: parts ${[...stored(attempts)].join(', ')} stored, the last held again`);
    const before = stored(attempts);
    await page.reload({ timeout: remaining() });
    log(`reloaded with parts ${[...before].join(', ')} of ${secondTicket.upload.parts.length} stored`);
    await page.locator('#signed-in').waitFor({ state: 'visible', timeout: remaining() });
    attempts.length = 0;
    const resumed = whereItStands();
    done = completed();
    await page.locator('#file').setInputFiles(second, { timeout: remaining() });
    const resumedAnswer = await resumed;
    check(resumedAnswer.ok(), 'the page did not ask the receiver where the upload stood');
    // What S3 held at the resume: a part whose PUT the reload cut as it arrived is among them too.
    const storedAtResume = new Set((await resumedAnswer.json()).stored.map((p) => p.partNumber));
    const missing = [...before].filter((n) => !storedAtResume.has(n));
    check(missing.length === 0, `S3 lost parts stored before the reload: ${missing.join(', ')}`);
    response = await done;
    check(response.ok(), `complete answered ${response.status()}: ${await response.text()}`);
    check((await response.json()).id === secondTicket.id, 'the reload started a new upload');
    check(tickets.length === 2, 'the reload started a new upload (POST /videos/uploads again)');
    const sentAgain = attempts.filter((a) => storedAtResume.has(a.part)).map((a) => a.part);
    check(sentAgain.length === 0, `parts S3 held were sent again after the reload: ${sentAgain.join(', ')}`);
    const all = secondTicket.upload.parts.length;
    const lacking = Array.from({ length: all }, (_, i) => i + 1)
      .filter((n) => !storedAtResume.has(n) && !stored(attempts).has(n));
    check(lacking.length === 0, `parts never stored: ${lacking.join(', ')}`);
    log(`after the reload: S3 held ${storedAtResume.size} of ${all} parts; ${attempts.length} PUTs for parts `
      + `${[...stored(attempts)].join(', ')}`);
    await network(-1);
    await awaitReady(page, secondTicket.id, remaining);
    log(`${secondTicket.id} READY`);

    await held?.abort().catch(() => {}); // the reload dropped its request: nothing is left hanging
    check(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`);
  } finally {
    await browser.close();
  }
}

await main('resume-test', USAGE, options, run);
