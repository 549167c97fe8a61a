import { titleOf } from './videos.js';

/** The player of READY videos: HLS (the master playlist lists every rung), the poster, the MP4s. */
export function createPlayer({ section, heading, video, status, error, downloadsHeading, downloads, close }) {
  let hls = null;
  let shownId = null;

  video.addEventListener('error', () => {
    if (video.getAttribute('src')) error.textContent = 'This video could not be played.';
  });

  function stop() {
    hls?.destroy();
    hls = null;
    video.pause();
    video.removeAttribute('src');
    video.removeAttribute('poster');
    video.load();
  }

  // hls.js wherever Media Source Extensions exist; the browser's own HLS only where they do not (iOS).
  function attach(url) {
    const Hls = window.Hls;
    if (Hls?.isSupported()) {
      hls = new Hls();
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (data.fatal) error.textContent = `This video could not be played (${data.details}).`;
      });
      hls.loadSource(url);
      hls.attachMedia(video);
      return true;
    }
    if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = url;
      return true;
    }
    return false;
  }

  function listDownloads(renditions) {
    downloadsHeading.hidden = renditions.length === 0;
    downloads.replaceChildren(...renditions.map((r) => {
      const link = document.createElement('a');
      link.href = r.url;
      link.textContent = `${r.name} MP4`;
      const item = document.createElement('li');
      // Measured against the source by the encoder (PSNR and SSIM of sampled pictures).
      const quality = r.quality ? `, ${r.quality.psnr.toFixed(1)} dB PSNR, SSIM ${r.quality.ssim.toFixed(3)}` : '';
      item.append(link, ` ${r.width}×${r.height}, ${r.bitrateKbps} kb/s${quality}`);
      return item;
    }));
  }

  function show(title) {
    stop();
    section.hidden = false;
    heading.textContent = title;
    status.textContent = '';
    error.textContent = '';
    listDownloads([]);
    heading.focus();
  }

  function hide() {
    stop();
    shownId = null;
    section.hidden = true;
    // The address stays shareable while a video is open (?video=<id>, as in the mail), and only then.
    history.replaceState(null, '', window.location.pathname);
  }

  close.addEventListener('click', hide);

  return {
    /** Plays a READY video; autoplay only after a click, which browsers require anyway. */
    open(v, { autoplay = false } = {}) {
      show(titleOf(v));
      shownId = v.id;
      history.replaceState(null, '', `?video=${encodeURIComponent(v.id)}`);
      if (v.posterUrl) video.poster = v.posterUrl;
      listDownloads(v.renditions);
      if (!attach(v.hlsUrl)) {
        error.textContent = 'This browser cannot stream this video; download an MP4 below.';
        return;
      }
      if (autoplay) {
        video.play().catch(() => {
          // Playback refused (no recent click) or interrupted: the video's own play button remains.
        });
      }
    },

    /** The player's place, with a message instead of a video (not ready yet, failed, unknown). */
    message(title, text, { isError = false } = {}) {
      show(title);
      shownId = null;
      (isError ? error : status).textContent = text;
    },

    get visible() {
      return !section.hidden;
    },

    /** Closes the player (signed out). */
    close() {
      if (!section.hidden) hide();
    },

    /** Closes the player if it shows this video (deleted). */
    closeIf(id) {
      if (shownId === id) hide();
    },
  };
}
