// The receiver's API, on the page's own origin (the receiver locally, CloudFront in front of it in
// AWS): every URL is relative to the page. Every call carries the signed-in person's bearer token.

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function apiUrl(path, params = {}) {
  const url = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  return url;
}

// Errors are application/problem+json ({title, detail, status}); anything else (S3's XML, a proxy's
// page) gets a plain sentence with the status.
function errorOf(status, body) {
  try {
    const problem = JSON.parse(body);
    if (problem && (problem.title || problem.detail)) {
      return new ApiError(status, [problem.title, problem.detail].filter(Boolean).join(': '));
    }
  } catch {
    // not JSON: fall through to the generic sentence
  }
  return new ApiError(status, `The server answered ${status}.`);
}

const UNREACHABLE = 'The server could not be reached. Check your connection and try again.';

// Set by auth.js: token() is read as each request leaves, so a new sign-in applies at once;
// rejected(token) hears of a 401, with the token that got it.
let credentials = { token: () => null, rejected: () => {} };

export function useCredentials(provider) {
  credentials = provider;
}

// A 401 means the token expired or is no longer accepted (a local receiver makes a new signing key
// each start): the person is signed out, and told so in words rather than the problem's.
function refused(token) {
  credentials.rejected(token);
  return new ApiError(401, 'Your sign-in has expired or is no longer valid: sign in again.');
}

function authorize(headers) {
  const token = credentials.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  return token;
}

export async function callApi(method, path, { params, json } = {}) {
  const headers = { Accept: 'application/json' };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const token = authorize(headers);
  let response;
  try {
    response = await fetch(apiUrl(path, params), {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  const body = await response.text();
  if (response.status === 401) throw refused(token);
  if (!response.ok) throw errorOf(response.status, body);
  return body ? JSON.parse(body) : null;
}
