// One image share, start to finish, on the calling thread: sniff, check the header's size
// before decoding, autorotate, scale, re-encode without metadata, build the chat's <img>.
// VipsImageService runs this on its worker threads; tests call it directly.
#pragma once

#include "media/image_sniff.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace barertc::media {

struct TranscodedImage {
    std::string bytes;     // the re-encoded file, metadata stripped
    ImageFormat format{};  // what `bytes` is (may differ from the input's format)
    PixelSize size;        // of `bytes` (one frame, for animations)
    PixelSize preview;     // the <img> width/height attributes
};

struct TranscodeResult {
    std::optional<TranscodedImage> image;
    std::string error;  // a sentence for the user when `image` is empty
};

// Starts libvips once per process (thread-safe); false if it could not start.
bool start_vips();
// Stops libvips' background threads; once, at exit (main), after every transcode has finished.
// libvips cannot be started again afterwards.
void stop_vips();

TranscodeResult transcode_image(std::string_view bytes, const ImageLimits& limits);

// `<img src="data:..." width=W height=H onclick="setModalImage(this.src)" style="cursor: pointer">`,
// the shape the original server sends (compat §1.6.6); the page defines setModalImage.
std::string image_html(const TranscodedImage& image);

}  // namespace barertc::media
