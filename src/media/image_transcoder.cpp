#include "media/image_transcoder.hpp"

#include "media/base64.hpp"

#include <spdlog/spdlog.h>
#include <vips/vips.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace barertc::media {
namespace {

constexpr const char* kUnreadable = "The image could not be read; it may be damaged or incomplete.";

struct GObjectUnref {
    void operator()(VipsImage* image) const { g_object_unref(image); }
};
using Image = std::unique_ptr<VipsImage, GObjectUnref>;

struct GFree {
    void operator()(void* p) const { g_free(p); }
};

// libvips reports through a process-wide error buffer; move it to our log, never to users.
// The copy is taken (and the buffer cleared) under libvips' lock: several of our workers may
// fail at once, and reading vips_error_buffer() directly races with them (found by TSan).
void log_vips_error(std::string_view what) {
    std::string text;
    if (char* copy = vips_error_buffer_copy()) {
        text = copy;
        g_free(copy);
    }
    while (!text.empty() && text.back() == '\n') text.pop_back();
    spdlog::info("image: {}: {}", what, text.substr(0, 500));
}

void vips_warning_to_log(const gchar*, GLogLevelFlags, const gchar* message, gpointer) {
    spdlog::debug("libvips: {}", message ? message : "");
}

// Header only: the loaders are lazy, so no pixel is decoded here. For GIF every frame is
// counted; for WebP only the first frame is ever used.
Image load_header(std::string_view bytes, ImageFormat format) {
    void* data = const_cast<char*>(bytes.data());
    VipsImage* out = nullptr;
    int rc = -1;
    switch (format) {
        case ImageFormat::jpeg:
            rc = vips_jpegload_buffer(data, bytes.size(), &out, "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
            break;
        case ImageFormat::png:
            rc = vips_pngload_buffer(data, bytes.size(), &out, "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
            break;
        case ImageFormat::gif:
            rc = vips_gifload_buffer(data, bytes.size(), &out, "access", VIPS_ACCESS_SEQUENTIAL,
                                     "n", -1, nullptr);
            break;
        case ImageFormat::webp:
            rc = vips_webpload_buffer(data, bytes.size(), &out, "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
            break;
    }
    if (rc != 0) {
        log_vips_error("header");
        return nullptr;
    }
    return Image(out);
}

// Autorotates by EXIF orientation and scales down (never up) into a max_width square box,
// shrinking on load where the format allows. Animated GIFs keep every frame.
Image scale(std::string_view bytes, ImageFormat format, int max_width) {
    VipsImage* out = nullptr;
    const char* load_options = format == ImageFormat::gif ? "n=-1,fail_on=truncated" : "fail_on=truncated";
    if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &out, max_width,
                              "height", max_width, "size", VIPS_SIZE_DOWN,
                              "option_string", load_options, nullptr) != 0) {
        log_vips_error("scale");
        return nullptr;
    }
    Image image(out);
    const VipsInterpretation space = vips_image_get_interpretation(image.get());
    // CMYK and other exotic JPEGs become sRGB, which every browser shows the same way.
    const bool exotic = space == VIPS_INTERPRETATION_CMYK || space == VIPS_INTERPRETATION_LAB ||
                        space == VIPS_INTERPRETATION_LABS || space == VIPS_INTERPRETATION_XYZ;
    if (exotic) {
        if (vips_colourspace(image.get(), &out, VIPS_INTERPRETATION_sRGB, nullptr) != 0) {
            log_vips_error("colourspace");
            return nullptr;
        }
        image.reset(out);
    }
    return image;
}

// JPEG in, JPEG out (q90, as the original); PNG stays PNG; WebP becomes JPEG, or PNG when it
// has transparency; GIF stays GIF (libvips' cgif saver) so animations survive.
ImageFormat output_format(ImageFormat input, VipsImage* image) {
    if (input == ImageFormat::webp) return vips_image_hasalpha(image) ? ImageFormat::png : ImageFormat::jpeg;
    return input;
}

// Runs the whole lazy pipeline (decode, rotate, scale) and encodes with metadata stripped.
std::optional<std::string> encode(VipsImage* image, ImageFormat format) {
    void* buffer = nullptr;
    size_t length = 0;
    int rc = -1;
    switch (format) {
        case ImageFormat::jpeg:
        case ImageFormat::webp:
            rc = vips_jpegsave_buffer(image, &buffer, &length, "Q", 90, "strip", TRUE,
                                      "optimize_coding", TRUE, nullptr);
            break;
        case ImageFormat::png:
            rc = vips_pngsave_buffer(image, &buffer, &length, "strip", TRUE, nullptr);
            break;
        case ImageFormat::gif:
            rc = vips_gifsave_buffer(image, &buffer, &length, "strip", TRUE, nullptr);
            break;
    }
    std::unique_ptr<void, GFree> owned(buffer);
    if (rc != 0) {
        log_vips_error("encode");
        return std::nullopt;
    }
    return std::string(static_cast<const char*>(buffer), length);
}

TranscodeResult refuse(std::string sentence) { return {std::nullopt, std::move(sentence)}; }

}  // namespace

namespace {
bool vips_started = false;  // written once inside call_once, read after it
}  // namespace

bool start_vips() {
    static std::once_flag once;
    bool& started = vips_started;
    std::call_once(once, [] {
        if (VIPS_INIT("barertc") != 0) {
            log_vips_error("libvips did not start");
            return;
        }
        // Only the four formats we sniff for may ever be decoded, whatever libvips has built in.
        vips_block_untrusted_set(TRUE);
        vips_operation_block_set("VipsForeignLoad", TRUE);
        for (const char* loader : {"VipsForeignLoadJpeg", "VipsForeignLoadPng",
                                   "VipsForeignLoadNsgif", "VipsForeignLoadWebp"})
            vips_operation_block_set(loader, FALSE);
        vips_cache_set_max(0);    // every upload is new; a cache would only hold memory
        vips_concurrency_set(1);  // our worker threads are the parallelism
        g_log_set_handler("VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE),
                          vips_warning_to_log, nullptr);
        started = true;
    });
    return started;
}

void stop_vips() {
    // Ends libvips' own background threads, which may still be logging a warning through
    // spdlog, before the process tears spdlog down (found by TSan at exit).
    if (vips_started) vips_shutdown();
}

TranscodeResult transcode_image(std::string_view bytes, const ImageLimits& limits) {
    if (auto error = check_byte_size(bytes.size(), limits)) return refuse(*error);
    const std::optional<ImageFormat> format = sniff_image_format(bytes);
    if (!format) return refuse(std::string(kUnsupportedImage));
    if (!start_vips()) return refuse("Image sharing is not working on this server right now.");

    Image header = load_header(bytes, *format);
    if (!header) return refuse(kUnreadable);
    const int pages = *format == ImageFormat::gif ? std::max(1, vips_image_get_n_pages(header.get())) : 1;
    const int page_height = vips_image_get_page_height(header.get());
    if (auto error = check_dimensions(vips_image_get_width(header.get()), page_height, pages, limits))
        return refuse(*error);
    header.reset();

    Image scaled = scale(bytes, *format, limits.max_width);
    if (!scaled) return refuse(kUnreadable);
    TranscodedImage out;
    out.format = output_format(*format, scaled.get());
    std::optional<std::string> encoded = encode(scaled.get(), out.format);
    if (!encoded) return refuse(kUnreadable);
    if (encoded->size() > limits.max_output_bytes)
        return refuse("The image is still too large after scaling; please share a smaller one.");
    out.bytes = std::move(*encoded);
    out.size = {vips_image_get_width(scaled.get()), vips_image_get_page_height(scaled.get())};
    out.preview = fit_within(out.size, limits.preview_width);
    return {std::move(out), {}};
}

std::string image_html(const TranscodedImage& image) {
    std::string html = "<img src=\"data:";
    html += mime_type(image.format);
    html += ";base64,";
    html += base64_encode(image.bytes);
    html += "\" width=" + std::to_string(image.preview.width) +
            " height=" + std::to_string(image.preview.height) +
            " onclick=\"setModalImage(this.src)\" style=\"cursor: pointer\">";
    return html;
}

}  // namespace barertc::media
