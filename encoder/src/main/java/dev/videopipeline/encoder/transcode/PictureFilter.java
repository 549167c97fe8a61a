package dev.videopipeline.encoder.transcode;

import org.bytedeco.ffmpeg.global.avcodec;

/**
 * The filters a picture goes through on its way to a rung, in this order: interlaced fields woven
 * into whole pictures (bwdif, one picture per picture, in the stream's field order), turned upright,
 * scaled to the rung's square-pixel size (the rung was sized from the shown size, so the pixel shape
 * is applied here), and flagged square.
 */
final class PictureFilter {

    private PictureFilter() {
    }

    /**
     * @param fieldOrder the stream's {@code AV_FIELD_*}: progressive or unknown pictures are not deinterlaced
     * @param rotation   clockwise degrees a player would turn the picture, as in {@code Probe}
     */
    static String describe(int fieldOrder, int rotation, Rung rung) {
        return deinterlace(fieldOrder) + upright(rotation) + "scale=" + rung.width() + ":" + rung.height() + ",setsar=1";
    }

    private static String deinterlace(int fieldOrder) {
        // TT and BT show the top field first; BB and TB the bottom one (DV is bottom first).
        if (fieldOrder == avcodec.AV_FIELD_TT || fieldOrder == avcodec.AV_FIELD_BT) {
            return "bwdif=mode=send_frame:parity=tff:deint=all,";
        }
        if (fieldOrder == avcodec.AV_FIELD_BB || fieldOrder == avcodec.AV_FIELD_TB) {
            return "bwdif=mode=send_frame:parity=bff:deint=all,";
        }
        return "";
    }

    /** Players get an upright picture and no rotation to apply. */
    private static String upright(int rotation) {
        return switch (rotation) {
            case 90 -> "transpose=clock,";
            case 180 -> "hflip,vflip,";
            case 270 -> "transpose=cclock,";
            default -> "";
        };
    }
}
