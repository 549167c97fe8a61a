import { callApi } from './api.js';
import * as format from './format.js';
import { createPlayer } from './player.js';
import { uploadVideo } from './upload.js';
import { createLibrary, failureText, statusText, titleOf } from './videos.js';

const EMAIL_KEY = 'video-pipeline.email';
const WAIT_POLL_MS = 2000;

const $ = (id) => document.getElementById(id);

const emailInput = $('email');
const titleInput = $('title');
const fileInput = $('file');
const dropZone = $('drop-zone');
const progressBox = $('upload-progress-box');
const progressLabel = $('upload-label');
const progressBar = $('upload-progress');
const progressBytes = $('upload-bytes');
const uploadStatus = $('upload-status');
const uploadError = $('upload-error');

const player = createPlayer({
  section: $('player'),
  heading: $('player-title'),
  video: $('player-video'),
  status: $('player-status'),
  error: $('player-error'),
  downloadsHeading: $('downloads-heading'),
  downloads: $('downloads'),
  close: $('player-close'),
});

const library = createLibrary(
  { list: $('videos'), status: $('videos-status'), more: $('videos-more'), template: $('video-item') },
  { onPlay: player.open, onRemoved: player.closeIf },
);

function currentEmail() {
  const email = emailInput.value.trim();
  return email && emailInput.checkValidity() ? email : null;
}

$('owner-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const email = currentEmail();
  if (!email) return;
  localStorage.setItem(EMAIL_KEY, email);
  library.showOwner(email);
});

function showProgress(file, sent) {
  progressBar.value = sent;
  const percent = file.size ? Math.floor((100 * sent) / file.size) : 100;
  progressBytes.textContent = `${format.bytes(sent)} of ${format.bytes(file.size)} (${percent}%)`;
}

async function upload(file) {
  uploadError.textContent = '';
  const email = currentEmail();
  if (!email) {
    uploadError.textContent = 'Enter your email address first: your videos are listed under it.';
    emailInput.focus();
    return;
  }
  if (email !== localStorage.getItem(EMAIL_KEY)) {
    localStorage.setItem(EMAIL_KEY, email);
    library.showOwner(email);
  }
  fileInput.disabled = true;
  progressBox.hidden = false;
  progressLabel.textContent = `Uploading ${file.name}`;
  progressBar.max = Math.max(file.size, 1);
  showProgress(file, 0);
  uploadStatus.textContent = `Uploading ${file.name}…`;
  try {
    const video = await uploadVideo(file, { email, title: titleInput.value.trim() }, (sent) => showProgress(file, sent));
    showProgress(file, file.size);
    progressLabel.textContent = `Uploaded ${file.name}`;
    uploadStatus.textContent = `Uploaded “${titleOf(video)}”. It is being encoded; you get an email when it is ready.`;
    titleInput.value = '';
    library.add(video);
  } catch (e) {
    progressLabel.textContent = `Not uploaded: ${file.name}`;
    uploadStatus.textContent = '';
    uploadError.textContent = `${file.name} was not uploaded. ${e.message}`;
  } finally {
    fileInput.disabled = false;
    fileInput.value = '';
  }
}

fileInput.addEventListener('change', () => {
  if (fileInput.files.length > 0) upload(fileInput.files[0]);
});

// Anywhere on the page, a dropped file must not replace the page with the browser's own viewer.
for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());

dropZone.addEventListener('dragover', () => dropZone.classList.add('dragging'));
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', (event) => {
  dropZone.classList.remove('dragging');
  const file = event.dataTransfer.files[0];
  if (!file) return;
  if (fileInput.disabled) {
    uploadError.textContent = 'One upload at a time: wait for this one to finish.';
    return;
  }
  upload(file);
});

// /?video=<id>, the link in the notification mail: that video's player, as soon as it is READY.
async function openLinkedVideo(id) {
  let shown = null;
  const say = (title, text, options) => {
    if (`${title}\n${text}` === shown) return; // unchanged: no new announcement
    shown = `${title}\n${text}`;
    player.message(title, text, options);
  };
  say('Video', 'Loading…');
  while (player.visible) {
    let video;
    try {
      video = await callApi('GET', `videos/${encodeURIComponent(id)}`);
    } catch (e) {
      say('Video', `This video cannot be shown. ${e.message}`, { isError: true });
      return;
    }
    if (!player.visible) return; // closed while waiting
    if (video.status === 'READY') {
      player.open(video);
      return;
    }
    if (video.status === 'FAILED') {
      say(titleOf(video), failureText(video), { isError: true });
      return;
    }
    say(titleOf(video), `Not ready yet (${statusText(video)}); it plays here once it is.`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}

const remembered = localStorage.getItem(EMAIL_KEY);
if (remembered) {
  emailInput.value = remembered;
  library.showOwner(remembered);
}
const linked = new URLSearchParams(window.location.search).get('video');
if (linked) openLinkedVideo(linked);
