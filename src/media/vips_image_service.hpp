// Image shares for the hub (compat §1.6.6, docs/images-and-webhooks.md): the work runs on a
// small pool of worker threads with a bounded queue, and each outcome is posted back to the
// hub's thread through `post_to_hub`.
#pragma once

#include "chat/services.hpp"
#include "config/settings.hpp"
#include "media/image_sniff.hpp"

#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>

namespace barertc::media {

struct ImageServiceOptions {
    ImageLimits limits;
    // Decoding is CPU-bound; one or two threads keep a busy server responsive.
    int threads = 1;
    // Images waiting or in progress; past this, shares are refused until the queue drains.
    std::size_t queue_capacity = 8;
};

// MaxImageWidth and PreviewImageWidth from the settings, everything else at its default.
ImageLimits image_limits(const config::Settings& settings);

class VipsImageService : public chat::ImageService {
public:
    using Poster = std::function<void(std::function<void()>)>;

    VipsImageService(Poster post_to_hub, ImageServiceOptions options = {});
    // Drops images not yet started and waits for the ones in progress.
    ~VipsImageService() override;
    VipsImageService(const VipsImageService&) = delete;
    VipsImageService& operator=(const VipsImageService&) = delete;

    void process(std::string bytes, std::function<void(chat::ImageOutcome)> done) override;

    // After a settings reload; images already queued keep the limits they started with.
    void set_limits(const ImageLimits& limits);

private:
    void reply(std::function<void(chat::ImageOutcome)> done, chat::ImageOutcome outcome);
    ImageLimits limits() const;

    Poster post_to_hub_;
    const std::size_t queue_capacity_;
    std::atomic<std::size_t> pending_{0};
    mutable std::mutex limits_mutex_;
    ImageLimits limits_;
    boost::asio::thread_pool pool_;
};

}  // namespace barertc::media
