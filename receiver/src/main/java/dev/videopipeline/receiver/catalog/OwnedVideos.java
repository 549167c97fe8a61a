package dev.videopipeline.receiver.catalog;

import dev.videopipeline.common.video.Owner;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.receiver.problem.ApiProblem;
import jakarta.inject.Singleton;

/**
 * The one way the API reaches a video by id: another owner's video is "not found", exactly like
 * one that does not exist, so that ids cannot be probed.
 */
@Singleton
public class OwnedVideos {

    private final VideoRepository videos;

    public OwnedVideos(VideoRepository videos) {
        this.videos = videos;
    }

    public Video find(String id, Owner owner) {
        return videos.find(id).filter(video -> video.owner().id().equals(owner.id()))
                .orElseThrow(() -> ApiProblem.notFound(id));
    }
}
