import { callApi } from './api.js';
import * as format from './format.js';

const PAGE_SIZE = 20;
// Fast while a video is on its way to READY or FAILED; slowly otherwise, to pick up uploads made
// elsewhere (curl, another tab).
const PENDING_POLL_MS = 2000;
const IDLE_POLL_MS = 15000;

const PENDING = new Set(['UPLOADING', 'UPLOADED', 'ENCODING']);

export const isPending = (video) => PENDING.has(video.status);

export const titleOf = (video) => video.title || video.originalFilename || 'Untitled video';

export function statusText(video) {
  switch (video.status) {
    case 'UPLOADING': return 'Uploading';
    case 'UPLOADED': return 'Waiting for an encoder';
    case 'ENCODING': return video.progress > 0 ? `Encoding: ${video.progress}%` : 'Encoding';
    case 'READY': return 'Ready to play';
    case 'FAILED': return 'Failed';
    default: return video.status;
  }
}

export function failureText(video) {
  return `It could not be encoded: ${video.failureReason || 'no reason was recorded.'}`;
}

function metaText(video) {
  const probe = video.probe;
  // The size it is shown at: pixel shape and rotation applied (HDV's 1440x1080 shows as 1920x1080).
  const size = probe && `${probe.displayWidth}×${probe.displayHeight}`;
  return [
    video.originalFilename,
    video.sizeBytes != null && format.bytes(video.sizeBytes),
    probe && format.duration(probe.durationSeconds),
    size,
    `uploaded ${format.dateTime(video.createdAt)}`,
  ].filter(Boolean).join(' · ');
}

/**
 * The signed-in person's videos as a list that keeps itself up to date by polling. Every piece of
 * user data (titles, filenames, reasons) goes into the page as text, never as markup.
 */
export function createLibrary({ list, status, more, template }, { onPlay, onRemoved }) {
  const videos = new Map(); // id → the newest view of it
  const items = new Map(); // id → its <li>
  let email = null; // whose videos these are: the signed-in address, or null
  let cursor = null;
  let timer = null;

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function upsert(video) {
    const known = videos.get(video.id);
    // The owner index lags behind the item: an older view must not replace a newer one.
    if (known && Date.parse(known.updatedAt) > Date.parse(video.updatedAt)) return;
    if (known && known.status !== video.status && !isPending(video)) {
      say(video.status === 'READY' ? `“${titleOf(video)}” is ready to play.` : `“${titleOf(video)}” failed.`);
    }
    videos.set(video.id, video);
  }

  function forget(id) {
    videos.delete(id);
    items.get(id)?.remove();
    items.delete(id);
    onRemoved(id);
  }

  async function fetchPage(after) {
    const owner = email;
    const page = await callApi('GET', 'videos', { params: { limit: PAGE_SIZE, cursor: after } });
    if (owner !== email) return undefined; // the owner changed while this page was on its way
    page.videos.forEach(upsert);
    return page.nextCursor ?? null;
  }

  async function fetchOne(id) {
    const owner = email;
    try {
      const video = await callApi('GET', `videos/${encodeURIComponent(id)}`);
      if (owner === email) upsert(video);
    } catch (e) {
      if (e.status === 404) forget(id);
      else throw e;
    }
  }

  async function refresh() {
    if (!document.hidden) {
      const owner = email;
      try {
        if (email) await fetchPage(null);
        await Promise.all([...videos.values()].filter(isPending).map((v) => fetchOne(v.id)));
        if (videos.size === 0 && email) say('No videos yet.');
      } catch (e) {
        // A 401 has signed the owner out meanwhile: the list says so already.
        if (owner === email) say(`Could not refresh the list: ${e.message}`);
      }
      render();
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    const pending = [...videos.values()].some(isPending);
    if (email || pending) timer = setTimeout(refresh, pending ? PENDING_POLL_MS : IDLE_POLL_MS);
  }

  async function remove(video) {
    if (!window.confirm(`Delete “${titleOf(video)}” and all its files?`)) return;
    try {
      await callApi('DELETE', `videos/${encodeURIComponent(video.id)}`);
      forget(video.id);
      say(`Deleted “${titleOf(video)}”.`);
    } catch (e) {
      if (e.status === 404) forget(video.id);
      say(`Could not delete “${titleOf(video)}”: ${e.message}`);
    }
  }

  function createItem(id) {
    const item = template.content.firstElementChild.cloneNode(true);
    item.dataset.videoId = id;
    const heading = item.querySelector('.title');
    heading.id = `video-${id}-title`;
    for (const button of item.querySelectorAll('button')) button.setAttribute('aria-describedby', heading.id);
    item.querySelector('.play').addEventListener('click', () => onPlay(videos.get(id), { autoplay: true }));
    item.querySelector('.delete').addEventListener('click', () => remove(videos.get(id)));
    items.set(id, item);
    return item;
  }

  function fill(item, video) {
    const part = (selector) => item.querySelector(selector);
    item.dataset.status = video.status;
    part('.title').textContent = titleOf(video);
    part('.meta').textContent = metaText(video);
    part('.state').textContent = statusText(video);
    const bar = part('.encode');
    bar.hidden = video.status !== 'ENCODING';
    // Encoders report progress now and then: until the first report the bar only says "working".
    if (video.progress > 0) bar.value = video.progress;
    else bar.removeAttribute('value');
    const failure = part('.failure');
    failure.hidden = video.status !== 'FAILED';
    failure.textContent = video.status === 'FAILED' ? failureText(video) : '';
    const poster = part('.poster');
    poster.hidden = !video.posterUrl;
    if (video.posterUrl && poster.getAttribute('src') !== video.posterUrl) poster.src = video.posterUrl;
    part('.play').hidden = video.status !== 'READY';
  }

  function render() {
    const newestFirst = [...videos.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    newestFirst.forEach((video, i) => {
      const item = items.get(video.id) ?? createItem(video.id);
      fill(item, video);
      // Only what is out of place moves: moving a node takes the focus away from its buttons.
      if (list.children[i] !== item) list.insertBefore(item, list.children[i] ?? null);
    });
    more.hidden = !cursor;
  }

  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const next = await fetchPage(cursor);
      if (next !== undefined) cursor = next;
    } catch (e) {
      say(`Could not load older videos: ${e.message}`);
    } finally {
      more.disabled = false;
      render();
    }
  });

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });

  return {
    /** Lists the videos of this signed-in address (and polls them), or none when it is null. */
    async showOwner(address) {
      email = address;
      cursor = null;
      videos.clear();
      items.clear();
      list.replaceChildren();
      clearTimeout(timer);
      if (!address) {
        say('Sign in to see your videos.');
        render();
        return;
      }
      say('Loading your videos…');
      try {
        const next = await fetchPage(null);
        if (next !== undefined) cursor = next;
        if (address === email) say(videos.size === 0 ? 'No videos yet.' : '');
      } catch (e) {
        if (address === email) say(`Could not load your videos: ${e.message}`);
      }
      render();
      schedule();
    },

    /** A video this page just uploaded: shown at once, though the owner index may not list it yet. */
    add(video) {
      upsert(video);
      render();
      schedule();
    },
  };
}
