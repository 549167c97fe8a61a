// The receiver's API, on the page's own origin (the receiver locally, CloudFront in front of it in
// AWS): every URL is relative to the page.

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function apiUrl(path, params = {}) {
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

export async function callApi(method, path, { params, json } = {}) {
  const headers = { Accept: 'application/json' };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
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
  if (!response.ok) throw errorOf(response.status, body);
  return body ? JSON.parse(body) : null;
}

// XMLHttpRequest, not fetch: only it reports upload progress. onProgress gets (bytesSent, bytesTotal).
export function sendWithProgress(method, url, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.total));
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.responseText);
      else reject(errorOf(xhr.status, xhr.responseText));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, `The upload was interrupted. ${UNREACHABLE}`)));
    xhr.send(body);
  });
}
