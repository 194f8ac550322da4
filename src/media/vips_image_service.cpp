#include "media/vips_image_service.hpp"

#include "media/image_transcoder.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace barertc::media {

ImageLimits image_limits(const config::Settings& settings) {
    ImageLimits limits;
    limits.max_width = settings.max_image_width;
    limits.preview_width = settings.preview_image_width;
    return limits;
}

VipsImageService::VipsImageService(Poster post_to_hub, ImageServiceOptions options)
    : post_to_hub_(std::move(post_to_hub)),
      queue_capacity_(std::max<std::size_t>(1, options.queue_capacity)),
      limits_(options.limits),
      pool_(static_cast<std::size_t>(std::max(1, options.threads))) {
    start_vips();  // here rather than on a worker, so a broken libvips shows in the startup log
}

VipsImageService::~VipsImageService() {
    pool_.stop();
    pool_.join();
}

void VipsImageService::set_limits(const ImageLimits& limits) {
    std::lock_guard lock(limits_mutex_);
    limits_ = limits;
}

ImageLimits VipsImageService::limits() const {
    std::lock_guard lock(limits_mutex_);
    return limits_;
}

void VipsImageService::reply(std::function<void(chat::ImageOutcome)> done, chat::ImageOutcome outcome) {
    post_to_hub_([done = std::move(done), outcome = std::move(outcome)]() mutable {
        done(std::move(outcome));
    });
}

void VipsImageService::process(std::string bytes, std::function<void(chat::ImageOutcome)> done) {
    const ImageLimits limits = this->limits();
    // The cheap refusals need no worker.
    std::optional<std::string> error = check_byte_size(bytes.size(), limits);
    if (!error && !sniff_image_format(bytes))
        error = std::string(kUnsupportedImage);
    if (error) {
        reply(std::move(done), {false, std::move(*error), {}});
        return;
    }
    if (pending_.fetch_add(1) >= queue_capacity_) {
        pending_.fetch_sub(1);
        reply(std::move(done), {false, "The server is busy, try again.", {}});
        return;
    }
    boost::asio::post(pool_, [this, bytes = std::move(bytes), done = std::move(done), limits]() mutable {
        TranscodeResult result = transcode_image(bytes, limits);
        chat::ImageOutcome outcome;
        if (result.image) {
            outcome.ok = true;
            outcome.html = image_html(*result.image);
        } else {
            outcome.error = std::move(result.error);
        }
        pending_.fetch_sub(1);
        reply(std::move(done), std::move(outcome));
    });
}

}  // namespace barertc::media
