// The settings file on disk: reading it, writing the defaults on first run, and rewriting
// an old file with every current key (compat §2.1).
#include "config/settings.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

#include "config/settings_internal.hpp"

namespace barertc::config {
namespace fs = std::filesystem;

namespace {

std::string errno_text() {
    return std::error_code(errno, std::generic_category()).message();
}

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() { close(); }

    int get() const { return fd_; }
    bool close() {
        if (fd_ < 0) return true;
        const bool ok = ::close(fd_) == 0;
        fd_ = -1;
        return ok;
    }

private:
    int fd_;
};

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

LoadResult create_default_file(const fs::path& path) {
    LoadResult result{default_settings(), {}};
    detail::write_text_file(path, render_settings(result.settings), 0600);
    result.warnings.push_back(path.string() + " did not exist: wrote the default settings there");
    return result;
}

}  // namespace

namespace detail {

std::string read_text_file(const fs::path& path) {
    // A settings file is a few kilobytes; this only stops us reading a device forever.
    constexpr std::size_t kMaxSize = 16 * 1024 * 1024;
    const std::string name = path.string();
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw SettingsError(name + ": cannot read: " + errno_text());
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) throw SettingsError(name + ": cannot read: " + errno_text());
    if (!S_ISREG(info.st_mode)) throw SettingsError(name + ": cannot read: not a regular file");

    std::string text;
    char buffer[8192];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw SettingsError(name + ": cannot read: " + errno_text());
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > kMaxSize) throw SettingsError(name + ": cannot read: file too large");
    }
    return text;
}

void write_text_file(const fs::path& path, std::string_view text, unsigned mode) {
    const std::string name = path.string();
    const fs::path parent = path.parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec) {
            throw SettingsError(name + ": cannot create directory " + parent.string() + ": " +
                                ec.message());
        }
    }
    // A temporary file next to the target, renamed over it: a crash leaves either the old
    // file or the new one, never half of one. mkostemp creates it with mode 0600.
    std::string temp = name + ".XXXXXX";
    FileDescriptor fd(::mkostemp(temp.data(), O_CLOEXEC));
    if (fd.get() < 0) throw SettingsError(name + ": cannot write: " + errno_text());
    const bool written = ::fchmod(fd.get(), static_cast<mode_t>(mode)) == 0 &&
                         write_all(fd.get(), text) && ::fsync(fd.get()) == 0;
    const std::string failure = errno_text();
    if (!fd.close() || !written) {
        ::unlink(temp.c_str());
        throw SettingsError(name + ": cannot write: " + failure);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string why = errno_text();
        ::unlink(temp.c_str());
        throw SettingsError(name + ": cannot write: " + why);
    }
}

}  // namespace detail

LoadResult load_settings(const fs::path& path) {
    return detail::parse_document(detail::read_text_file(path), path.string()).result;
}

LoadResult load_or_create_settings(const fs::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) return create_default_file(path);
    if (ec) throw SettingsError(name + ": cannot read: " + ec.message());

    detail::ParsedSettings parsed = detail::parse_document(detail::read_text_file(path), name);
    LoadResult& result = parsed.result;
    const int version = result.settings.version;

    if (version > kCurrentVersion) {
        // Rewriting would drop the keys of the newer server; leave the file alone.
        result.warnings.push_back(name + ": Version " + std::to_string(version) +
                                  " is newer than this server's " +
                                  std::to_string(kCurrentVersion) +
                                  "; keys it does not know are ignored");
        if (!parsed.has_admin_api_key) {
            result.warnings.push_back(name + " has no AdminAPIKey: using a random one until restart");
        }
        return result;
    }
    if (version == kCurrentVersion && parsed.has_admin_api_key) return result;

    // Old file, or no AdminAPIKey: write it back complete, so new keys show up with their
    // defaults and the generated AdminAPIKey stays the same on the next start.
    result.settings.version = kCurrentVersion;
    fs::path target = path;
    if (fs::is_symlink(fs::symlink_status(path, ec))) target = fs::canonical(path, ec);
    if (ec) target = path;
    const auto mode = static_cast<unsigned>(status.permissions() & fs::perms::mask) & 0777U;
    try {
        detail::write_text_file(target, render_settings(result.settings), mode);
    } catch (const SettingsError& e) {
        result.warnings.push_back(std::string("could not rewrite the settings file: ") + e.what() +
                                  " (continuing with the settings as read)");
        return result;
    }
    if (version < kCurrentVersion) {
        result.warnings.push_back("rewrote " + name + " with current keys (Version " +
                                  std::to_string(version) + " -> " +
                                  std::to_string(kCurrentVersion) +
                                  "); comments and unknown keys were not kept");
    }
    if (!parsed.has_admin_api_key) {
        result.warnings.push_back(name + " had no AdminAPIKey: generated one and saved it" +
                                  (version < kCurrentVersion
                                       ? std::string()
                                       : "; comments and unknown keys were not kept"));
    }
    return result;
}

}  // namespace barertc::config
