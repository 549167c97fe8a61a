import { callApi } from './api.js';
import { createAuth } from './auth.js';
import * as format from './format.js';
import { createPlayer } from './player.js';
import { uploadVideo } from './upload.js';
import { createLibrary, failureText, statusText, titleOf } from './videos.js';

const WAIT_POLL_MS = 2000;

const $ = (id) => document.getElementById(id);

const emailInput = $('email');
const devSignIn = $('dev-sign-in');
const hostedSignIn = $('hosted-sign-in');
const signedIn = $('signed-in');
const signOutButton = $('sign-out');
const titleInput = $('title');
const fileInput = $('file');
const dropZone = $('drop-zone');
const progressBox = $('upload-progress-box');
const progressLabel = $('upload-label');
const progressBar = $('upload-progress');
const progressBytes = $('upload-bytes');
const uploadStatus = $('upload-status');
const uploadError = $('upload-error');
const pauseButton = $('upload-pause');
const cancelButton = $('upload-cancel');

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

// The upload under way (uploadVideo's handle), or null: one at a time.
let uploading = null;
// /?video=<id>, the link in the notification mail: opened once someone is signed in. Read at the
// first sign-in news, after a return from the identity provider has put it back in the address.
let linked;

// Everything that depends on who is signed in follows each sign-in and sign-out from here.
const auth = createAuth(({ method, email, message }) => {
  devSignIn.hidden = Boolean(email) || method !== 'dev';
  hostedSignIn.hidden = Boolean(email) || method !== 'hosted-ui';
  signedIn.hidden = !email;
  $('signed-in-email').textContent = email ?? '';
  signOutButton.textContent = method === 'dev' ? 'Sign out or switch address' : 'Sign out';
  $('account-error').textContent = message;
  $('upload-signed-out').hidden = Boolean(email);
  fileInput.disabled = !email || uploading !== null;
  library.showOwner(email);
  if (linked === undefined) linked = new URLSearchParams(window.location.search).get('video');
  if (!email) {
    // Signed out, a linked video waits with its ?video= kept for the sign-in; anything else closes.
    if (linked) player.message('Video', 'Sign in to watch this video.');
    else player.close();
  } else if (linked) {
    openLinkedVideo(linked);
    linked = null;
  }
});

devSignIn.addEventListener('submit', (event) => {
  event.preventDefault();
  auth.signIn(emailInput.value.trim());
});

$('hosted-sign-in-button').addEventListener('click', () => auth.signIn());

signOutButton.addEventListener('click', () => {
  auth.signOut();
  if (auth.method === 'dev') emailInput.focus();
});

function showProgress(file, sent) {
  progressBar.value = sent;
  const percent = file.size ? Math.floor((100 * sent) / file.size) : 100;
  progressBytes.textContent = `${format.bytes(sent)} of ${format.bytes(file.size)} (${percent}%)`;
}

async function upload(file) {
  uploadError.textContent = '';
  if (!auth.email) {
    uploadError.textContent = 'Sign in first: your videos are kept under the address you sign in with.';
    return;
  }
  fileInput.disabled = true;
  progressBox.hidden = false;
  progressLabel.textContent = `Uploading ${file.name}`;
  progressBar.max = Math.max(file.size, 1);
  showProgress(file, 0);
  uploadStatus.textContent = `Uploading ${file.name}…`;
  pauseButton.textContent = 'Pause';
  pauseButton.hidden = false;
  cancelButton.hidden = false;
  try {
    uploading = uploadVideo(file, {
      owner: auth.email,
      title: titleInput.value.trim(),
      onProgress: (sent) => showProgress(file, sent),
    });
    const video = await uploading.done;
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
    uploading = null;
    pauseButton.hidden = true;
    cancelButton.hidden = true;
    fileInput.disabled = !auth.email;
    fileInput.value = '';
  }
}

pauseButton.addEventListener('click', () => {
  if (!uploading) return;
  const pausing = pauseButton.textContent === 'Pause';
  if (pausing) uploading.pause();
  else uploading.resume();
  pauseButton.textContent = pausing ? 'Resume' : 'Pause';
  uploadStatus.textContent = pausing ? 'Paused: Resume carries on from where it stopped.' : 'Uploading…';
});

cancelButton.addEventListener('click', () => uploading?.cancel());

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
  if (uploading) {
    uploadError.textContent = 'One upload at a time: wait for this one to finish.';
    return;
  }
  upload(file);
});

// The mail's link: that video's player, as soon as it is READY.
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
      // The API answers 404 alike for a video that is gone and for another owner's.
      const why = e.status === 404 ? `${auth.email} has no such video (another address's, or deleted).` : e.message;
      if (e.status !== 401) say('Video', `This video cannot be shown: ${why}`, { isError: true });
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

emailInput.value = auth.rememberedAddress;
auth.start();
