// The web page's hosted-UI sign-in (OAuth 2 authorization code with PKCE) in a real browser, with
// no identity provider and no receiver: two small servers on loopback play them. One serves the
// page's files from receiver/src/main/web/public under the receiver's Content-Security-Policy and
// answers the few API calls the sign-in needs; the other plays the provider's authorize, token and
// logout endpoints, and checks what the page sends them (PKCE included). See README.md for usage.
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckFailed, Usage, check, deadline, launchChromium, main, parseOptions } from './harness.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const WEB = resolve(HERE, '../../../receiver/src/main/web');

const USAGE = `usage: node sign-in-test.mjs [--public DIR] [--timeout SECONDS] [--chromium PATH]`;

const CLIENT_ID = 'test-client';
const EMAIL = 'sign-in-test@example.com';
const LINKED_VIDEO = 'abc';

function options() {
  const { values, timeoutMs } = parseOptions({
    public: { type: 'string', default: join(WEB, 'public') },
  }, 30);
  if (!existsSync(join(values.public, 'index.html'))) throw new Usage(`no index.html in ${values.public}`);
  return { publicDir: resolve(values.public), timeoutMs, chromium: values.chromium };
}

const log = (message) => console.log(`sign-in-test: ${message}`);

const base64Url = (bytes) => Buffer.from(bytes).toString('base64url');

// The receiver's policy, directive for directive: keep in sync with
// receiver/src/main/java/dev/videopipeline/receiver/web/SecurityHeaders.java (its constructor).
function receiverPolicy({ media, uploads, signIn }) {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${media}`,
    `media-src 'self' blob: ${media}`,
    "worker-src 'self' blob:",
    `connect-src 'self' ${media} ${uploads} ${signIn}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// The other headers SecurityHeaders puts on every response.
const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function send(response, status, headers, body = '') {
  response.writeHead(status, headers);
  response.end(body);
}

function json(response, status, value, headers = {}) {
  send(response, status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
    JSON.stringify(value));
}

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function listen(handler) {
  const server = createServer((request, response) => {
    Promise.resolve(handler(request, response)).catch((e) => {
      if (!response.headersSent) send(response, 500, { 'Content-Type': 'text/plain' }, String(e));
    });
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done(server));
  });
}

const originOf = (server) => `http://127.0.0.1:${server.address().port}`;

/**
 * The identity provider, as the page meets it: /oauth2/authorize (straight back with a code, as
 * when its own session cookie is still there), /oauth2/token (CORS, like the real one) and /logout.
 * Everything the page sends wrongly lands in `problems`, which the test reports.
 */
function createProvider() {
  const state = {
    origin: null,
    pageOrigin: null,
    codes: new Map(), // code → {challenge, redirectUri}
    tokens: new Set(), // every ID token issued
    authorizations: [],
    redemptions: [], // {origin, ok, error}
    logouts: [],
    problems: [],
    spoilNextChallenge: false, // the next code remembers a challenge no verifier matches: one 400
  };
  const problem = (text) => {
    state.problems.push(text);
    return text;
  };

  function idToken() {
    const now = Math.floor(Date.now() / 1000);
    const part = (value) => base64Url(JSON.stringify(value));
    // Unsigned: the page never checks a signature (the receiver does; here the fake receiver
    // accepts exactly the tokens this provider issued).
    const token = `${part({ alg: 'none', typ: 'JWT' })}.${part({
      sub: randomBytes(8).toString('hex'), email: EMAIL, email_verified: true, aud: CLIENT_ID,
      iss: state.origin, token_use: 'id', iat: now, exp: now + 3600, jti: randomBytes(8).toString('hex'),
    })}.`;
    state.tokens.add(token);
    return token;
  }

  async function handle(request, response) {
    const url = new URL(request.url, state.origin);
    const cors = request.headers.origin === state.pageOrigin
      ? { 'Access-Control-Allow-Origin': state.pageOrigin, Vary: 'Origin' } : {};

    if (url.pathname === '/oauth2/authorize' && request.method === 'GET') {
      const q = url.searchParams;
      state.authorizations.push(Object.fromEntries(q));
      const wrong = [
        q.get('response_type') !== 'code' && `response_type=${q.get('response_type')}`,
        q.get('client_id') !== CLIENT_ID && `client_id=${q.get('client_id')}`,
        q.get('redirect_uri') !== `${state.pageOrigin}/` && `redirect_uri=${q.get('redirect_uri')}`,
        [...new Set((q.get('scope') ?? '').split(' '))].sort().join(' ') !== 'email openid' && `scope=${q.get('scope')}`,
        q.get('code_challenge_method') !== 'S256' && `code_challenge_method=${q.get('code_challenge_method')}`,
        !/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') && `code_challenge=${q.get('code_challenge')}`,
        !q.get('state') && 'no state',
        q.has('code_verifier') && 'the verifier left the page',
      ].filter(Boolean);
      if (wrong.length > 0) {
        return send(response, 400, { 'Content-Type': 'text/plain' }, problem(`authorize: ${wrong.join(', ')}`));
      }
      const code = randomBytes(16).toString('hex');
      const challenge = state.spoilNextChallenge ? base64Url(randomBytes(32)) : q.get('code_challenge');
      state.spoilNextChallenge = false;
      state.codes.set(code, { challenge, redirectUri: q.get('redirect_uri') });
      const back = new URL(q.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state'));
      return send(response, 302, { Location: back.href, 'Cache-Control': 'no-store' });
    }

    if (url.pathname === '/oauth2/token' && request.method === 'OPTIONS') {
      // A form POST is a simple request and needs no preflight, but answer one as the real endpoint does.
      return send(response, 204, {
        ...cors, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type, Authorization',
      });
    }

    if (url.pathname === '/oauth2/token' && request.method === 'POST') {
      const form = new URLSearchParams(await readBody(request));
      const redemption = { origin: request.headers.origin ?? null, ok: false, error: null };
      state.redemptions.push(redemption);
      const refuse = (error, why) => {
        redemption.error = `${error}: ${why}`;
        return json(response, 400, { error }, cors);
      };
      if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return refuse('invalid_request', problem(`token: Content-Type ${request.headers['content-type']}`));
      }
      if (form.get('grant_type') !== 'authorization_code') {
        return refuse('unsupported_grant_type', problem(`token: grant_type=${form.get('grant_type')}`));
      }
      if (form.get('client_id') !== CLIENT_ID) return refuse('invalid_client', problem(`token: client_id=${form.get('client_id')}`));
      const issued = state.codes.get(form.get('code'));
      state.codes.delete(form.get('code')); // one use, whatever happens
      if (!issued) return refuse('invalid_grant', problem(`token: unknown or used code ${form.get('code')}`));
      if (form.get('redirect_uri') !== issued.redirectUri) {
        return refuse('invalid_grant', problem(`token: redirect_uri=${form.get('redirect_uri')}, not ${issued.redirectUri}`));
      }
      const verifier = form.get('code_verifier') ?? '';
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return refuse('invalid_grant', problem(`token: code_verifier=${verifier}`));
      // PKCE S256 (RFC 7636): BASE64URL(SHA256(verifier)) must be the challenge the authorize step got.
      if (base64Url(createHash('sha256').update(verifier, 'ascii').digest()) !== issued.challenge) {
        return refuse('invalid_grant', 'the verifier does not match the challenge');
      }
      redemption.ok = true;
      return json(response, 200, { id_token: idToken(), access_token: 'x', expires_in: 3600, token_type: 'Bearer' }, cors);
    }

    if (url.pathname === '/logout' && request.method === 'GET') {
      const q = url.searchParams;
      state.logouts.push(Object.fromEntries(q));
      if (q.get('client_id') !== CLIENT_ID || q.get('logout_uri') !== `${state.pageOrigin}/`) {
        return send(response, 400, { 'Content-Type': 'text/plain' },
          problem(`logout: client_id=${q.get('client_id')}, logout_uri=${q.get('logout_uri')}`));
      }
      return send(response, 302, { Location: q.get('logout_uri'), 'Cache-Control': 'no-store' });
    }

    return send(response, 404, { 'Content-Type': 'text/plain' }, problem(`provider: ${request.method} ${url.pathname}`));
  }

  return { state, handle };
}

/**
 * The receiver, as far as the sign-in goes: the page's files under its security headers, GET
 * /auth/sign-in (hosted UI at the fake provider), and /videos for the provider's tokens only.
 */
function createReceiver(publicDir, provider) {
  const hlsFile = join(WEB, 'node_modules/hls.js/dist/hls.min.js');
  const built = existsSync(hlsFile);
  const state = {
    origin: null,
    policy: null,
    // The page's packages as the receiver's build makes them, or else stand-ins that load: the
    // sign-in plays no video and uploads nothing.
    hls: built ? hlsFile : null,
    uppy: built ? bundleUppy() : null,
    apiCalls: [], // {path, authorization, accepted}
  };
  const problemJson = (response, status, title, detail, headers = {}) => send(response, status,
    { ...SECURITY_HEADERS, 'Content-Security-Policy': state.policy, 'Content-Type': 'application/problem+json', ...headers },
    JSON.stringify({ title, detail, status }));
  const apiJson = (response, value) => send(response, 200,
    { ...SECURITY_HEADERS, 'Content-Security-Policy': state.policy, 'Content-Type': 'application/json' }, JSON.stringify(value));

  function handle(request, response) {
    const url = new URL(request.url, state.origin);
    const path = url.pathname;

    if (path === '/auth/sign-in') {
      return apiJson(response, { method: 'hosted-ui', url: provider.origin, clientId: CLIENT_ID });
    }
    if (path === '/videos' || path.startsWith('/videos/')) {
      const authorization = request.headers.authorization ?? null;
      const accepted = Boolean(authorization?.startsWith('Bearer ') && provider.tokens.has(authorization.slice(7)));
      state.apiCalls.push({ path: path + url.search, authorization, accepted });
      if (!accepted) {
        return problemJson(response, 401, 'Unauthorized', 'Sign in first.', { 'WWW-Authenticate': 'Bearer' });
      }
      if (path === '/videos') return apiJson(response, { videos: [] });
      const id = decodeURIComponent(path.slice('/videos/'.length));
      if (id !== LINKED_VIDEO) return problemJson(response, 404, 'Not Found', `No video ${id}.`);
      const at = new Date().toISOString();
      return apiJson(response, { id, title: 'The linked video', status: 'ENCODING', progress: 40, createdAt: at, updatedAt: at });
    }

    let file;
    if (path === '/vendor/hls.min.js') {
      file = state.hls;
    } else if (path === '/vendor/uppy.js') {
      file = state.uppy;
      if (!file) return send(response, 200, { ...SECURITY_HEADERS, 'Content-Type': TYPES['.js'] }, UPPY_STAND_IN);
    } else {
      file = normalize(join(publicDir, path === '/' ? 'index.html' : decodeURIComponent(path)));
      if (!file.startsWith(publicDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
        return problemJson(response, 404, 'Not Found', path);
      }
    }
    return send(response, 200, {
      ...SECURITY_HEADERS,
      'Content-Security-Policy': state.policy,
      'Content-Type': TYPES[extname(file ?? path)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    }, file ? readFileSync(file) : '');
  }

  return { state, handle };
}

const UPPY_STAND_IN = 'export class Uppy {}\nexport class AwsS3 {}\n';

/** Uppy bundled by the receiver's own bundle.mjs, into a temporary folder; returns the file. */
function bundleUppy() {
  const dir = mkdtempSync(join(tmpdir(), 'sign-in-test-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  execFileSync(process.execPath, [join(WEB, 'bundle.mjs'), dir], { stdio: 'inherit' });
  return join(dir, 'uppy.js');
}

async function run(opts) {
  const startedAt = Date.now();
  const remaining = deadline(opts.timeoutMs);

  const provider = createProvider();
  const receiver = createReceiver(opts.publicDir, provider.state);
  const providerServer = await listen(provider.handle);
  const receiverServer = await listen(receiver.handle);
  const site = originOf(receiverServer);
  provider.state.origin = originOf(providerServer);
  provider.state.pageOrigin = site;
  receiver.state.origin = site;
  // Locally the receiver serves /media itself; the uploads bucket is another origin.
  receiver.state.policy = receiverPolicy({ media: site, uploads: 'http://uploads.invalid', signIn: provider.state.origin });
  log(`page at ${site}/ (hls.js and Uppy: ${receiver.state.hls ? 'the build\'s' : 'stand-ins'}), provider at ${provider.state.origin}`);

  const browser = await launchChromium(opts.chromium, remaining());
  const pageErrors = [];
  const violations = [];
  const consoleErrors = [];
  // Loads the browser reports as failed (console "Failed to load resource"): only these may fail.
  const expectedFailures = new Set();
  try {
    const context = await browser.newContext();
    // Every CSP violation, on every page the tab loads (the listener is in place before any script).
    await context.exposeBinding('reportViolation', (_source, v) => violations.push(v));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(
        `${e.effectiveDirective} refused ${e.blockedURI || '(inline)'} on ${e.documentURI}`));
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location().url ?? '';
      if (/^Failed to load resource/.test(message.text()) && expectedFailures.has(where.split('?')[0])) return;
      consoleErrors.push(`${message.text()} ${where}`);
    });

    // The page's elements always exist: reading them needs no deadline of its own.
    const text = (id) => page.locator(`#${id}`).textContent({ timeout: 5000 }).catch((e) => `(${e.message})`);
    const signedInAs = async () => (await page.locator('#signed-in').isVisible()) && text('signed-in-email');
    const stored = (key) => page.evaluate((k) => sessionStorage.getItem(k), key);
    const whatWentWrong = async () => [
      `the page says "${await text('account-error')}"`,
      ...provider.state.problems.map((p) => `the provider saw ${p}`),
      ...violations.map((v) => `CSP: ${v}`),
      ...pageErrors.map((e) => `page error: ${e}`),
      ...consoleErrors.map((e) => `console: ${e}`),
    ].join('; ');
    // Waits for selector in the document that comes after action (a click that navigates): the
    // document it leaves is marked, so that its own state (say, signed out a moment before leaving)
    // does not count.
    const inNextDocument = async (action, selector, what) => {
      await page.evaluate(() => { document.documentElement.dataset.leaving = ''; });
      await action();
      await page.locator(`html:not([data-leaving]) ${selector}`).first().waitFor({ timeout: remaining() })
        .catch(async () => { throw new CheckFailed(`no ${what} within the deadline (${opts.timeoutMs / 1000} s): ${await whatWentWrong()}`); });
    };
    // Signed in, or a message saying why not.
    const SETTLED = ':is(#signed-in:not([hidden]), #account-error:not(:empty))';
    const SIGNED_OUT = '#hosted-sign-in:not([hidden])';
    const clickSignIn = () => page.locator('#hosted-sign-in-button').click({ timeout: remaining() });
    const clickSignOut = () => page.locator('#sign-out').click({ timeout: remaining() });
    const expectSignedIn = async () => {
      if (!(await signedInAs())) throw new CheckFailed(`not signed in: ${await whatWentWrong()}`);
      check(await text('signed-in-email') === EMAIL, `the page says signed in as "${await text('signed-in-email')}"`);
    };

    // 1. Signed out, from the mail's link.
    await inNextDocument(() => page.goto(`${site}/?video=${LINKED_VIDEO}`, { timeout: remaining() }), SIGNED_OUT,
      'Sign in button');
    check(!(await signedInAs()), 'signed in before signing in');
    check(await text('player-status') === 'Sign in to watch this video.',
      `the linked video's place says "${await text('player-status')}"`);
    check(receiver.state.apiCalls.length === 0, `the page called the API signed out: ${receiver.state.apiCalls[0]?.path}`);
    log(`signed out at /?video=${LINKED_VIDEO}: the Sign in button, "Sign in to watch this video."`);

    // 2. Sign in: to the provider's authorize endpoint, back with a code, the code and the verifier
    // redeemed at its token endpoint, signed in with the ID token, back at the linked video.
    await inNextDocument(clickSignIn, SETTLED, 'return from the provider');
    await expectSignedIn();
    check(await text('account-error') === '', `a message after signing in: "${await text('account-error')}"`);
    const back = new URL(page.url());
    check(back.origin === site && back.pathname === '/' && back.search === `?video=${LINKED_VIDEO}` && back.hash === '',
      `the address after signing in is ${back.href}, not ${site}/?video=${LINKED_VIDEO}`);
    check(provider.state.authorizations.length === 1, `${provider.state.authorizations.length} authorize requests`);
    check(provider.state.redemptions.length === 1 && provider.state.redemptions[0].ok,
      `the code was redeemed ${provider.state.redemptions.length} times: ${JSON.stringify(provider.state.redemptions)}`);
    check(provider.state.redemptions[0].origin === site,
      `the token request came from ${provider.state.redemptions[0].origin}, not the page's origin`);
    check(await stored('video-pipeline.sign-in') === null, 'the round trip (state, verifier) is still in sessionStorage');
    await page.locator('#player-status', { hasText: 'Not ready yet' }).waitFor({ timeout: remaining() })
      .catch(async () => { throw new CheckFailed(`?video=${LINKED_VIDEO} after signing in shows "${await text('player-status')}"`); });
    await page.locator('#videos-status', { hasText: 'No videos yet.' }).waitFor({ timeout: remaining() })
      .catch(async () => { throw new CheckFailed(`the list says "${await text('videos-status')}"`); });
    const calls = receiver.state.apiCalls;
    check(calls.some((c) => c.path.startsWith('/videos?')) && calls.some((c) => c.path === `/videos/${LINKED_VIDEO}`),
      `the list and the linked video were not both asked for: ${calls.map((c) => c.path).join(', ')}`);
    log(`signed in as ${EMAIL}: back at ?video=${LINKED_VIDEO} (no code, no state), the list and the linked `
      + 'video asked for with the ID token, the code redeemed once with the PKCE verifier');

    // 3. A reload keeps the sign-in (sessionStorage) without another trip.
    await inNextDocument(() => page.reload({ timeout: remaining() }), SETTLED, 'sign-in after a reload');
    await expectSignedIn();
    check(provider.state.authorizations.length === 1 && provider.state.redemptions.length === 1,
      'a reload went back to the provider');
    log('a reload stays signed in, without the provider');

    // 4. A return this tab did not start (a forged or stale link): refused, its code never redeemed,
    // the sign-in already made kept.
    await inNextDocument(() => page.goto(`${site}/?code=x&state=wrong`, { timeout: remaining() }),
      '#account-error:not(:empty)', 'message about the forged return');
    check(/not started from this page/.test(await text('account-error')), `a forged return says "${await text('account-error')}"`);
    check(new URL(page.url()).search === '', `the forged return left ${page.url()} in the address bar`);
    check(provider.state.redemptions.length === 1, 'the page redeemed a code it did not ask for');
    check(await signedInAs() === EMAIL, `a forged return ended the sign-in: ${await whatWentWrong()}`);
    log(`a forged return is refused: "${await text('account-error')}", still signed in`);

    // 5. Sign-out: the provider's session ends too (/logout), and it sends the person back here.
    await inNextDocument(clickSignOut, SIGNED_OUT, 'Sign in button after signing out');
    check(provider.state.logouts.length === 1, `${provider.state.logouts.length} requests to the provider's /logout`);
    check(page.url() === `${site}/`, `back from signing out at ${page.url()}`);
    check(await stored('video-pipeline.session') === null, 'the token is still in sessionStorage after signing out');
    await inNextDocument(() => page.reload({ timeout: remaining() }), SIGNED_OUT, 'Sign in button after a reload');
    check(!(await signedInAs()), 'signed in again after signing out and reloading');
    log('signed out through the provider\'s /logout, back here signed out (a reload too)');

    // 6. The token endpoint refuses the code once (its challenge no longer matches the verifier):
    // a message, still signed out; the next try works.
    provider.state.spoilNextChallenge = true;
    expectedFailures.add(`${provider.state.origin}/oauth2/token`);
    await inNextDocument(clickSignIn, SETTLED, 'return from the provider');
    expectedFailures.clear();
    check(/^Sign-in did not succeed: .*400/.test(await text('account-error')), `a refused code: ${await whatWentWrong()}`);
    const refusal = provider.state.redemptions.at(-1);
    check(provider.state.redemptions.length === 2 && !refusal.ok
      && /^invalid_grant: the verifier does not match/.test(refusal.error ?? ''),
      `the provider did not refuse the code for its verifier: ${JSON.stringify(refusal)}`);
    check(await page.locator('#hosted-sign-in').isVisible() && !(await signedInAs()), 'signed in with a refused code');
    check(await stored('video-pipeline.session') === null, 'a session was stored from a refused code');
    check(new URL(page.url()).search === '', `the refused return left ${page.url()} in the address bar`);
    log(`a refused code: "${await text('account-error')}", still signed out`);
    await inNextDocument(clickSignIn, SETTLED, 'return from the provider');
    await expectSignedIn();
    check(await text('account-error') === '', `the old message stayed after signing in: "${await text('account-error')}"`);
    await inNextDocument(clickSignOut, SIGNED_OUT, 'Sign in button after signing out');
    check(provider.state.logouts.length === 2, `${provider.state.logouts.length} requests to the provider's /logout`);
    log('signing in again works, and out again');

    const refused = receiver.state.apiCalls.filter((c) => !c.accepted);
    check(refused.length === 0,
      `API calls without an ID token as bearer: ${refused.map((c) => `${c.path} (${c.authorization})`).join(', ')}`);

    // 7. The policy is in force (else no violation above would prove anything): a call to an origin
    // it does not list is refused.
    const before = violations.length;
    const blocked = await page.evaluate(() => fetch('http://127.0.0.1:9/').then(() => 'answered', (e) => e.message));
    await new Promise((done) => setTimeout(done, 200)); // the violation event may trail the rejection
    check(violations.length === before + 1 && /^connect-src refused http:\/\/127\.0\.0\.1:9/.test(violations[before]),
      `the Content-Security-Policy did not refuse a call to an unlisted origin (${blocked}; ${violations.slice(before).join(' | ')})`);
    violations.pop();
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes('127.0.0.1:9/')));
    log('the Content-Security-Policy is in force: it refuses an unlisted origin');

    check(provider.state.problems.length === 0, `the provider saw: ${provider.state.problems.join(' | ')}`);
    check(violations.length === 0, `Content-Security-Policy violations: ${violations.join(' | ')}`);
    check(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join(' | ')}`);
    check(consoleErrors.length === 0, `errors in the browser console: ${consoleErrors.join(' | ')}`);
  } finally {
    await browser.close();
    providerServer.close();
    receiverServer.close();
  }
  return Date.now() - startedAt;
}

await main('sign-in-test', USAGE, options, async (opts) => `in ${((await run(opts)) / 1000).toFixed(1)} s`);
