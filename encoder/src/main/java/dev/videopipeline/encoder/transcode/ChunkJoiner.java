package dev.videopipeline.encoder.transcode;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_compare_ts;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_inv_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

/**
 * Joins one rung's chunks and the video's sound into its MP4 without encoding again: packets are
 * copied, each chunk's moved to where its first picture belongs on the whole grid, its warm-up GOP
 * dropped, and interleaved
 * with the sound's by time. Every chunk was encoded with the rung's settings from an IDR, so the
 * H.264 configuration of the first is every chunk's; one that differs fails the join rather than
 * making a file no player decodes past the seam.
 */
final class ChunkJoiner {

    private ChunkJoiner() {
    }

    /**
     * @param parts     one rung's parts, in the chunks' order; those without pictures are skipped
     * @param sound     the sound at the rung's bitrate, or null
     * @param frameRate the grid the parts' ticks count
     */
    static void join(List<ChunkPart> parts, Path sound, double frameRate, Path out) {
        var pictures = parts.stream().filter(part -> part.pictures() > 0).toList();
        if (pictures.isEmpty()) {
            throw new UnreadableSourceException("The pictures in the file are damaged: none could be decoded.", null);
        }
        AVFormatContext output = new AVFormatContext(null);
        check(avformat_alloc_output_context2(output, null, "mp4", out.toString()), "open " + out);
        Input soundInput = null;
        try (var first = Input.open(pictures.get(0).file(), AVMEDIA_TYPE_VIDEO)) {
            AVStream video = copyStream(output, first.stream());
            AVStream audio = null;
            if (sound != null) {
                soundInput = Input.open(sound, AVMEDIA_TYPE_AUDIO);
                audio = copyStream(output, soundInput.stream());
            }
            var pb = new AVIOContext(null);
            check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "open " + out);
            output.pb(pb);
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "movflags", "+faststart", 0);
            try {
                check(avformat_write_header(output, options), "write the header of " + out);
            } finally {
                av_dict_free(options);
            }
            byte[] configuration = extradata(first.stream());
            var videoPackets = new VideoPackets(pictures, video, frameRate, configuration);
            AVPacket picture = videoPackets.next();
            AVPacket block = soundInput == null ? null : soundInput.next(audio.time_base());
            while (picture != null || block != null) {
                boolean pictureFirst = block == null
                        || picture != null && av_compare_ts(picture.dts(), video.time_base(), block.dts(), audio.time_base()) <= 0;
                if (pictureFirst) {
                    write(output, picture, video.index());
                    picture = videoPackets.next();
                } else {
                    write(output, block, audio.index());
                    block = soundInput.next(audio.time_base());
                }
            }
            videoPackets.close();
            check(av_write_trailer(output), "finish " + out);
        } finally {
            if (soundInput != null) {
                soundInput.close();
            }
            if (output.pb() != null) {
                avio_closep(output.pb());
            }
            avformat_free_context(output);
        }
    }

    private static AVStream copyStream(AVFormatContext output, AVStream from) {
        AVStream stream = avformat_new_stream(output, null);
        check(avcodec_parameters_copy(stream.codecpar(), from.codecpar()), "copy a stream's parameters");
        stream.codecpar().codec_tag(0);
        stream.time_base(from.time_base());
        return stream;
    }

    private static void write(AVFormatContext output, AVPacket packet, int stream) {
        packet.stream_index(stream);
        check(av_interleaved_write_frame(output, packet), "write a packet");
    }

    private static byte[] extradata(AVStream stream) {
        byte[] bytes = new byte[stream.codecpar().extradata_size()];
        stream.codecpar().extradata().get(bytes);
        return bytes;
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException("joining chunks: could not " + what + " (error " + result + ")");
        }
    }

    /** The parts' pictures one after the other, each packet moved onto the whole grid. */
    private static final class VideoPackets implements AutoCloseable {

        private final List<ChunkPart> parts;
        private int next;
        private final AVStream output;
        private final AVRational tick;
        private final byte[] configuration;
        private Input input;
        private long shift;
        private long keepFrom;
        /** Where the next part's pictures begin: this part's post-roll from there on is dropped. */
        private long keepUntil;
        private boolean pastEnd;
        private long lastDts = Long.MIN_VALUE;

        VideoPackets(List<ChunkPart> parts, AVStream output, double frameRate, byte[] configuration) {
            this.parts = parts;
            this.output = output;
            // The recorder's own time base for this frame rate.
            this.tick = av_inv_q(av_d2q(frameRate, 1001000));
            this.configuration = configuration;
        }

        AVPacket next() {
            while (true) {
                if (input != null) {
                    AVPacket packet = input.next(output.time_base());
                    if (packet != null && packet.pts() + shift < keepFrom) {
                        continue;
                    }
                    if (packet != null && packet.pts() + shift >= keepUntil) {
                        checkPostRoll(packet);
                        continue;
                    }
                    if (packet != null) {
                        return place(packet);
                    }
                    input.close();
                    input = null;
                }
                if (next == parts.size()) {
                    return null;
                }
                var part = parts.get(next++);
                input = Input.open(part.file(), AVMEDIA_TYPE_VIDEO);
                if (!Arrays.equals(extradata(input.stream()), configuration)) {
                    throw new IllegalStateException("chunk " + part.file().getFileName() + " has another H.264 configuration");
                }
                AVPacket first = input.next(output.time_base());
                if (first == null) {
                    continue;
                }
                // A closed GOP's IDR comes first and shows first: it is the part's first picture.
                shift = av_rescale_q(part.firstTick(), tick, output.time_base()) - first.pts();
                // Half a tick early, against rounding; the warm-up's closed GOPs all show before it.
                keepFrom = av_rescale_q(part.keepFrom(), tick, output.time_base())
                        - av_rescale_q(1, tick, output.time_base()) / 2;
                keepUntil = next == parts.size() ? Long.MAX_VALUE
                        : av_rescale_q(parts.get(next).keepFrom(), tick, output.time_base())
                        - av_rescale_q(1, tick, output.time_base()) / 2;
                pastEnd = false;
                if (first.pts() + shift >= keepFrom) {
                    return place(first);
                }
            }
        }

        /** The post-roll is a GOP of its own: its first packet an IDR, and nothing kept decoded after it. */
        private void checkPostRoll(AVPacket packet) {
            if (!pastEnd && (packet.flags() & AV_PKT_FLAG_KEY) == 0) {
                throw new IllegalStateException("a chunk's pictures past its end do not start at a key frame");
            }
            pastEnd = true;
        }

        private AVPacket place(AVPacket packet) {
            if (pastEnd) {
                throw new IllegalStateException("a chunk has a picture to keep after its post-roll began");
            }
            packet.pts(packet.pts() + shift);
            packet.dts(packet.dts() == AV_NOPTS_VALUE ? packet.pts() : packet.dts() + shift);
            if (packet.dts() <= lastDts) {
                packet.dts(lastDts + 1);
            }
            lastDts = packet.dts();
            return packet;
        }

        @Override
        public void close() {
            if (input != null) {
                input.close();
            }
        }
    }

    /** One of our own MP4s, read a stream's packets at a time. */
    private record Input(AVFormatContext context, AVStream stream, AVPacket packet) implements AutoCloseable {

        static Input open(Path file, int type) {
            AVFormatContext context = new AVFormatContext(null);
            check(avformat_open_input(context, file.toString(), av_find_input_format("mov"), null), "open " + file);
            check(avformat_find_stream_info(context, (AVDictionary) null), "read " + file);
            for (int i = 0; i < context.nb_streams(); i++) {
                if (context.streams(i).codecpar().codec_type() == type) {
                    return new Input(context, context.streams(i), av_packet_alloc());
                }
            }
            avformat_close_input(context);
            throw new IllegalStateException(file + " has no stream of type " + type);
        }

        /** @return the next packet of the stream, its times in {@code timeBase}; null at the end */
        AVPacket next(AVRational timeBase) {
            av_packet_unref(packet);
            while (av_read_frame(context, packet) >= 0) {
                if (packet.stream_index() == stream.index()) {
                    av_packet_rescale_ts(packet, stream.time_base(), timeBase);
                    return packet;
                }
                av_packet_unref(packet);
            }
            return null;
        }

        @Override
        public void close() {
            av_packet_free(packet);
            avformat_close_input(context);
        }
    }
}
