import { callApi, useCredentials } from './api.js';

// The session, {token, email, expiresAt} (ms): sessionStorage, so it survives a reload and the
// sign-in round trip but not the tab; a bearer token should not outlive the visit.
const SESSION_KEY = 'video-pipeline.session';
// Local sign-in's last address (only an address, no secret): a new tab, or a mail's link, signs in
// with it at once. The key the page used before sign-in existed, so a remembered address carries over.
const ADDRESS_KEY = 'video-pipeline.email';
// The hosted UI round trip: its state (checked on return), its PKCE verifier and the ?video= to come back to.
const ROUND_TRIP_KEY = 'video-pipeline.sign-in';

const EXPIRED = 'You were signed out: your sign-in expired or is no longer valid. Sign in again.';

// A JWT's claims, for display only: the receiver checks the signature, the page never trusts them.
function claimsOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

// PKCE (RFC 7636): the code is worth nothing without the verifier, which never leaves this tab.
async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function stored(storage, key) {
  try {
    return JSON.parse(storage.getItem(key));
  } catch {
    return null;
  }
}

/**
 * Who is signed in. GET /auth/sign-in says how: "dev" (the local pipeline: POST /dev/tokens with any
 * address) or "hosted-ui" (the identity provider's sign-in page: OAuth 2 authorization code with
 * PKCE, for the ID token).
 * onChange({method, email, message}) hears of every sign-in and sign-out; email is null when signed out.
 */
export function createAuth(onChange) {
  let how = null;
  let session = null;
  let expiryTimer = null;

  useCredentials({
    token: () => (session && Date.now() < session.expiresAt ? session.token : null),
    // Only a 401 to the current token (or to none, past its expiry) signs out: an older request's
    // must not end a sign-in made since.
    rejected: (token) => {
      if (session && (token === null || token === session.token)) end(EXPIRED);
    },
  });

  function begin(token, expiresAt, message = '') {
    session = { token, email: claimsOf(token).email ?? '', expiresAt };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    clearTimeout(expiryTimer);
    // Capped: setTimeout fires at once beyond 2^31 ms (tokens live hours, but the value comes from outside).
    expiryTimer = setTimeout(() => end(EXPIRED), Math.min(expiresAt - Date.now(), 2 ** 31 - 1));
    onChange({ method: how.method, email: session.email, message });
  }

  function end(message) {
    session = null;
    sessionStorage.removeItem(SESSION_KEY);
    clearTimeout(expiryTimer);
    onChange({ method: how?.method ?? null, email: null, message });
  }

  // Only ever called signed out (the form is hidden otherwise), so no old token rides along.
  async function signInAs(address) {
    try {
      const { token, expiresAt } = await callApi('POST', how.url, { json: { email: address } });
      localStorage.setItem(ADDRESS_KEY, address);
      begin(token, Date.parse(expiresAt));
    } catch (e) {
      end(`Could not sign in as ${address}. ${e.message}`);
    }
  }

  const redirectUri = () => window.location.origin + window.location.pathname;

  // Off to the identity provider; it comes back to this page with ?code=…&state=….
  async function redirectToProvider() {
    const state = randomText(16);
    const verifier = randomText(32);
    const video = new URLSearchParams(window.location.search).get('video');
    sessionStorage.setItem(ROUND_TRIP_KEY, JSON.stringify({ state, verifier, video }));
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: how.clientId,
      redirect_uri: redirectUri(),
      scope: 'openid email',
      state,
      code_challenge: await challengeOf(verifier),
      code_challenge_method: 'S256',
    });
    window.location.assign(`${how.url}/oauth2/authorize?${query}`);
  }

  // The code and the verifier buy the tokens at the provider's token endpoint.
  async function redeem(code, verifier) {
    const response = await fetch(`${how.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: how.clientId,
        code,
        redirect_uri: redirectUri(),
        code_verifier: verifier,
      }),
    });
    if (!response.ok) {
      // OAuth errors are {"error": "invalid_grant", …}: the code says more than the status.
      const error = await response.json().then((body) => body?.error, () => null);
      throw new Error(`the identity provider answered ${response.status}${error ? ` (${error})` : ''}`);
    }
    const tokens = await response.json();
    if (!tokens?.id_token) throw new Error('the identity provider sent no ID token');
    return tokens;
  }

  // The way back: ?code=…&state=… (or an error). The code leaves the address bar (history,
  // bookmarks) at once, and the ?video= from before the trip comes back.
  async function completeRoundTrip() {
    const answer = new URLSearchParams(window.location.search);
    if (!answer.has('state') || !(answer.has('code') || answer.has('error'))) return false;
    const trip = stored(sessionStorage, ROUND_TRIP_KEY);
    sessionStorage.removeItem(ROUND_TRIP_KEY);
    const back = trip?.video ? `?video=${encodeURIComponent(trip.video)}` : '';
    history.replaceState(null, '', window.location.pathname + back);
    if (!trip || answer.get('state') !== trip.state) {
      // Not this tab's trip (a forged or stale link): its code is never redeemed, and a sign-in
      // this tab already has stays.
      resumeStoredSession('That sign-in was not started from this page, so it was ignored.');
    } else if (answer.has('error')) {
      end(`Sign-in did not succeed: ${answer.get('error_description') || answer.get('error')}.`);
    } else {
      try {
        // The ID token: it carries the email claim, the access token does not. expires_in is
        // relative, so a wrong clock here does not matter; should the token end sooner, its 401
        // signs out all the same.
        const { id_token: token, expires_in: lifetime } = await redeem(answer.get('code'), trip.verifier);
        begin(token, lifetime > 0 ? Date.now() + lifetime * 1000 : (claimsOf(token).exp ?? 0) * 1000);
      } catch (e) {
        end(`Sign-in did not succeed: ${e.message}.`);
      }
    }
    return true;
  }

  function resumeStoredSession(message = '') {
    const saved = stored(sessionStorage, SESSION_KEY);
    if (saved?.token && saved.expiresAt > Date.now()) begin(saved.token, saved.expiresAt, message);
    else end(message);
  }

  return {
    /** "dev", "hosted-ui", or null until start() has asked (or when it could not). */
    get method() {
      return how?.method ?? null;
    },

    /** The local sign-in's last address, to fill its field with. */
    get rememberedAddress() {
      return localStorage.getItem(ADDRESS_KEY) ?? '';
    },

    /**
     * Asks how to sign in, then signs in again where it can: the return from the identity provider,
     * the tab's session, the remembered local address.
     */
    async start() {
      try {
        how = await callApi('GET', 'auth/sign-in');
      } catch (e) {
        end(`Signing in is not available right now. ${e.message}`);
        return;
      }
      if (how.method === 'hosted-ui' && !(how.url && how.clientId)) {
        end('Signing in is not set up on this server yet (no identity provider is configured).');
      } else if (how.method === 'hosted-ui') {
        if (!(await completeRoundTrip())) resumeStoredSession();
      } else if (how.method === 'dev') {
        // Always a fresh token: a local receiver makes a new signing key each start.
        const address = localStorage.getItem(ADDRESS_KEY);
        if (address) await signInAs(address);
        else end('');
      } else {
        end(`This page does not know the sign-in method "${how.method}".`);
      }
    },

    /** Local sign-in as address; with the hosted UI, off to the provider's page. */
    signIn(address) {
      if (how?.method === 'dev') return signInAs(address);
      if (how?.method === 'hosted-ui') return redirectToProvider();
      return undefined;
    },

    /**
     * Forgets the token here, and the local address, so that a reload stays signed out (an expiry
     * keeps it: a reload signs in again). With the hosted UI, its own session ends too, or the next
     * sign-in would go straight through as the same person; it then comes back to this page (the
     * app client lists the page as its sign-out URL).
     */
    signOut() {
      localStorage.removeItem(ADDRESS_KEY);
      end('');
      if (how?.method === 'hosted-ui') {
        const back = window.location.origin + window.location.pathname;
        const query = new URLSearchParams({ client_id: how.clientId, logout_uri: back });
        window.location.assign(`${how.url}/logout?${query}`);
      }
    },

    get email() {
      return session?.email ?? null;
    },
  };
}
