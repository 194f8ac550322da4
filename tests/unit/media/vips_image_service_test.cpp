#include "media/vips_image_service.hpp"

#include "test_images.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace barertc;
using namespace barertc::media::testing;
namespace asio = boost::asio;

namespace {

// The hub's side: outcomes must arrive on the thread that runs this io_context.
struct Hub {
    asio::io_context ioc;
    asio::executor_work_guard<asio::io_context::executor_type> guard = asio::make_work_guard(ioc);
    std::vector<chat::ImageOutcome> outcomes;
    std::vector<std::thread::id> threads;

    media::VipsImageService::Poster poster() {
        return [this](std::function<void()> f) { asio::post(ioc, std::move(f)); };
    }
    std::function<void(chat::ImageOutcome)> collect() {
        return [this](chat::ImageOutcome o) {
            outcomes.push_back(std::move(o));
            threads.push_back(std::this_thread::get_id());
        };
    }
    void run_until(std::size_t count) {
        while (outcomes.size() < count) ioc.run_one();
    }
};

}  // namespace

TEST(VipsImageService, PostsTheImageHtmlBackToTheHubThread) {
    Hub hub;
    media::VipsImageService service(hub.poster());
    service.process(jpeg(noise(2000, 1000).get()), hub.collect());
    hub.run_until(1);
    const chat::ImageOutcome& o = hub.outcomes.at(0);
    ASSERT_TRUE(o.ok) << o.error;
    EXPECT_EQ(o.html.rfind("<img src=\"data:image/jpeg;base64,/9j/", 0), 0u) << o.html.substr(0, 60);
    EXPECT_NE(o.html.find("\" width=360 height=180 onclick=\"setModalImage(this.src)\" style=\"cursor: pointer\">"),
              std::string::npos);
    EXPECT_EQ(hub.threads.at(0), std::this_thread::get_id());
}

TEST(VipsImageService, RefusalsComeBackThroughTheHubToo) {
    Hub hub;
    media::VipsImageService service(hub.poster());
    service.process("not an image at all", hub.collect());
    EXPECT_TRUE(hub.outcomes.empty()) << "never calls back inside process()";
    hub.run_until(1);
    EXPECT_FALSE(hub.outcomes[0].ok);
    EXPECT_EQ(hub.outcomes[0].error, media::kUnsupportedImage);
}

TEST(VipsImageService, UsesSettingsWidths) {
    config::Settings settings;
    settings.max_image_width = 100;
    settings.preview_image_width = 50;
    Hub hub;
    media::VipsImageService service(hub.poster(), {media::image_limits(settings)});
    service.process(png(noise(400, 200).get()), hub.collect());
    hub.run_until(1);
    ASSERT_TRUE(hub.outcomes[0].ok) << hub.outcomes[0].error;
    EXPECT_EQ(hub.outcomes[0].html.rfind("<img src=\"data:image/png;base64,", 0), 0u);
    EXPECT_NE(hub.outcomes[0].html.find("width=50 height=25 "), std::string::npos);
}

TEST(VipsImageService, FullQueueIsRefusedAsBusy) {
    Hub hub;
    media::ImageServiceOptions options;
    options.queue_capacity = 1;
    media::VipsImageService service(hub.poster(), options);
    const std::string big = jpeg(noise(4000, 3000).get());
    service.process(big, hub.collect());
    service.process(big, hub.collect());  // the first is still being decoded
    hub.run_until(2);
    EXPECT_FALSE(hub.outcomes[0].ok);
    EXPECT_EQ(hub.outcomes[0].error, "The server is busy, try again.");
    EXPECT_TRUE(hub.outcomes[1].ok) << hub.outcomes[1].error;

    service.process(big, hub.collect());  // room again once the first is done
    hub.run_until(3);
    EXPECT_TRUE(hub.outcomes[2].ok) << hub.outcomes[2].error;
}
