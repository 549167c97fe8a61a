import { apiUrl, callApi, sendWithProgress } from './api.js';

// Up to this size a file streams through the receiver; above it, it goes straight to S3 with
// presigned URLs, so the receiver never carries large files.
const THROUGH_RECEIVER_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Uploads a file, titled title, for the signed-in person (the API takes the owner from the token);
 * onProgress gets the file's bytes sent so far. Resolves to the new video as the API shows it.
 */
export function uploadVideo(file, title, onProgress) {
  return file.size <= THROUGH_RECEIVER_MAX_BYTES
    ? throughReceiver(file, title, onProgress)
    : straightToStorage(file, title, onProgress);
}

async function throughReceiver(file, title, onProgress) {
  // The file is the form's only part; the title goes in the query string (see the README).
  const form = new FormData();
  form.append('file', file);
  const body = await sendWithProgress('POST', apiUrl('videos', { title }), form,
    // The multipart body is a little larger than the file: report the file's share of it.
    (sent, total) => onProgress(Math.min(file.size, Math.round((file.size * sent) / total))),
    { toApi: true });
  return JSON.parse(body);
}

// The PUTs go to presigned S3 URLs, without the token; the API calls around them carry it.
async function straightToStorage(file, title, onProgress) {
  const { id, upload } = await callApi('POST', 'videos/uploads', {
    json: { filename: file.name || 'video', size: file.size, title: title || undefined },
  });
  try {
    if (upload.parts.length === 0) {
      await sendWithProgress(upload.method, upload.url, file, onProgress);
    } else {
      await putParts(file, upload, onProgress);
    }
  } catch (e) {
    // Abort the open upload now rather than leave it for the receiver's sweep hours later.
    await callApi('DELETE', `videos/${encodeURIComponent(id)}`).catch(() => {});
    throw e;
  }
  return callApi('POST', `videos/${encodeURIComponent(id)}/complete`);
}

// One part at a time: a slow link is not split between parts, and progress adds up simply.
async function putParts(file, upload, onProgress) {
  let done = 0;
  for (const part of upload.parts) {
    const start = (part.partNumber - 1) * upload.partSizeBytes;
    const slice = file.slice(start, Math.min(start + upload.partSizeBytes, file.size));
    await sendWithProgress(upload.method, part.url, slice, (sent) => onProgress(done + sent));
    done += slice.size;
  }
}
