import { AwsS3, Uppy } from './vendor/uppy.js';
import { callApi } from './api.js';

// Every upload goes straight to S3 with the receiver's presigned URLs, through Uppy's S3 uploader
// with its S3 calls pointed at the receiver's API: the receiver says whether a file is one PUT or
// parts (POST /videos/uploads), Uppy sends up to PARALLEL_PARTS parts at once, retries a failed one
// with backoff, waits while the browser is offline, and can pause. An unfinished upload stays open
// on the server: picking the same file again, even after a reload, continues it
// (GET /videos/{id}/upload: the parts S3 holds, fresh URLs for the rest).

const PARALLEL_PARTS = 4;
// Uppy's retries of a part (and ours of a one-PUT file), then the upload stops with an error, still
// open for a resume.
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10000, 20000];
// Ask for fresh URLs a minute before the handed-out ones expire.
const URL_MARGIN_MS = 60_000;

// Which video each unfinished file is, across reloads: the signed-in address, and the file's name,
// size and modification time. A note outlives the server's upload by no more than its 3 h window
// (pipeline.upload.abandon-after); without storage (private windows, a full quota) nothing resumes.
const OPEN = 'video-pipeline.open-uploads';
const KEPT_MS = 3 * 60 * 60 * 1000;
const fingerprint = (owner, file) => JSON.stringify([owner, file.name, file.size, file.lastModified]);

function notes() {
  try {
    const all = JSON.parse(localStorage.getItem(OPEN) || '{}');
    return Object.fromEntries(Object.entries(all).filter(([, note]) => Date.now() - note.savedAt < KEPT_MS));
  } catch {
    return {};
  }
}

function keep(all) {
  try {
    localStorage.setItem(OPEN, JSON.stringify(all));
  } catch {
    // no storage: this upload just cannot be resumed after a reload
  }
}

const remember = (key, id) => keep({ ...notes(), [key]: { id, savedAt: Date.now() } });
function forget(key) {
  const { [key]: _, ...rest } = notes();
  keep(rest);
}

const videoPath = (id, rest = '') => `videos/${encodeURIComponent(id)}${rest}`;

/** An open upload of this file to continue, or null: a finished, removed or foreign one is forgotten. */
async function resumable(key) {
  const id = notes()[key]?.id;
  if (!id) return null;
  try {
    return await callApi('GET', videoPath(id, '/upload'));
  } catch (e) {
    if (e.status !== 404 && e.status !== 409) throw e;
    forget(key);
    return null;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const online = () => (navigator.onLine ? Promise.resolve()
  : new Promise((resolve) => window.addEventListener('online', resolve, { once: true })));

/**
 * Uploads a file for owner (the signed-in address; the API takes the owner from the token), titled
 * title, or continues its open upload. Returns a handle: done resolves to the new video as the API
 * shows it; pause(), resume() and cancel() (which removes the upload). onProgress gets the bytes
 * stored or on their way so far.
 */
export function uploadVideo(file, { owner, title, onProgress }) {
  const key = fingerprint(owner, file);
  let cancelled = false;
  let uppy = null;
  const done = (async () => {
    let progress = await resumable(key);
    if (progress === null) {
      const ticket = await callApi('POST', 'videos/uploads', {
        json: { filename: file.name || 'video', size: file.size, title: title || undefined },
      });
      progress = { id: ticket.id, stored: [], upload: ticket.upload };
      remember(key, ticket.id);
    }
    const multipart = progress.upload.partSizeBytes != null;
    uppy = uploader(progress, onProgress);
    const fileId = uppy.addFile({ name: file.name || 'video', type: file.type, data: file, source: 'page' });
    // A multipart upload is always "restored": Uppy lists the stored parts (none, for a new one) and
    // sends the rest under the receiver's upload, which it never creates itself.
    if (multipart) uppy.setFileState(fileId, { s3Multipart: { key: progress.id, uploadId: progress.id } });
    let result = cancelled ? null : await uppy.upload();
    // Uppy retries a failed part, but sends a one-PUT file only once: retry that as a part.
    for (const delay of multipart ? [] : RETRY_DELAYS_MS) {
      if (cancelled || !result || result.failed.length === 0) break;
      await online();
      await sleep(delay);
      result = await uppy.retryAll();
    }
    if (cancelled) {
      forget(key);
      await callApi('DELETE', videoPath(progress.id));
      throw new Error('The upload was cancelled.');
    }
    if (!result || result.failed.length > 0) {
      throw new Error(`${result?.failed[0]?.error ?? 'The upload stopped.'} `
        + 'It stays open for a few hours: pick the same file again to continue where it stopped.');
    }
    const video = await callApi('POST', videoPath(progress.id, '/complete'));
    forget(key);
    return video;
  })().finally(() => uppy?.destroy());
  return {
    done,
    pause: () => uppy?.pauseAll(),
    resume: () => uppy?.resumeAll(),
    cancel: () => {
      cancelled = true;
      uppy?.cancelAll();
    },
  };
}

// One Uppy per upload, its S3 calls answered from the receiver's ticket and resume route.
function uploader(progress, onProgress) {
  const { id } = progress;
  let upload = progress.upload;
  let stored = progress.stored;
  let listed = false;
  // Fresh URLs for every part still missing, once the handed-out ones are near their expiry.
  async function current() {
    if (Date.parse(upload.expiresAt) - Date.now() < URL_MARGIN_MS) {
      ({ upload, stored } = await callApi('GET', videoPath(id, '/upload')));
    }
    return upload;
  }
  const uppy = new Uppy({ id: `upload-${id}`, autoProceed: false });
  uppy.use(AwsS3, {
    limit: PARALLEL_PARTS,
    retryDelays: RETRY_DELAYS_MS,
    shouldUseMultipart: () => upload.partSizeBytes != null,
    getChunkSize: () => upload.partSizeBytes,
    getUploadParameters: async () => {
      const { method, url } = await current();
      return { method, url, headers: {} };
    },
    createMultipartUpload: async () => ({ uploadId: id, key: id }),
    // Asked at the start and at every resume after a pause: from then on, what S3 holds now.
    listParts: async () => {
      if (listed) ({ upload, stored } = await callApi('GET', videoPath(id, '/upload')));
      listed = true;
      return stored.map((p) => ({ PartNumber: p.partNumber, Size: p.sizeBytes, ETag: p.etag }));
    },
    signPart: async (_file, { partNumber }) => {
      let part = (await current()).parts.find((p) => p.partNumber === partNumber);
      if (!part) {
        // Not among the URLs handed out last: a part re-sent after its URL was dropped, or one S3
        // holds though its answer was lost on the way back. Ask for it by number.
        ({ upload, stored } = await callApi('GET', videoPath(id, `/upload?part=${partNumber}`)));
        part = upload.parts.find((p) => p.partNumber === partNumber);
      }
      if (!part) throw new Error(`The receiver has no URL for part ${partNumber}.`);
      return { url: part.url, headers: {} };
    },
    // The receiver joins the parts it lists itself (POST /videos/{id}/complete, after Uppy is done).
    completeMultipartUpload: async () => ({}),
    // Uppy aborts after its last retry too, but the upload stays open to be resumed: only the
    // person's cancel removes it (uploadVideo's DELETE).
    abortMultipartUpload: async () => {},
  });
  uppy.on('upload-progress', (_file, { bytesUploaded }) => onProgress(bytesUploaded));
  return uppy;
}
