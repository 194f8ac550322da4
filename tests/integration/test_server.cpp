#include "test_server.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace barertc::testing {

std::string default_test_settings(const std::string& extra, const std::string& top) {
    return R"(Version = 17
)" + top + R"(
Title = "Test Room"
Branding = "<b>Test</b> Room"
WebsiteURL = "https://site.example"
AdminAPIKey = "test-admin-key"
PermitNSFW = true

[[PublicChannels]]
ID = "lobby"
Name = "Lobby"
EchoMessagesOnJoin = 10
WelcomeMessages = ["Welcome to **the lobby**!"]

[[PublicChannels]]
ID = "offtopic"
Name = "Off Topic"
PermitPhotos = true

[[PublicChannels]]
ID = "vip"
Name = "VIPs"
VIP = true
WelcomeMessages = ["VIPs only"]

[[WebhookURLs]]
Name = "report"
Enabled = true
URL = "https://secret-webhook.example/report"
)" + extra;
}

TestServer::TestServer(const std::string& settings_toml, std::vector<std::string> extra_args) {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("barertc-it-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_ / "web");
    std::ofstream(dir_ / "settings.toml") << settings_toml;
    start(std::move(extra_args));
}

TestServer::TestServer(const std::filesystem::path& existing_dir, std::vector<std::string> extra_args)
    : dir_(existing_dir), owns_dir_(false) {
    if (!std::filesystem::exists(dir_ / "settings.toml"))
        throw std::runtime_error("no settings.toml in " + dir_.string());
    std::filesystem::create_directories(dir_ / "web");
    start(std::move(extra_args));
}

namespace {
// The binary under test: the one built next to these tests, unless BARERTC_BINARY names
// another (`make test-tsan` runs these tests against a ThreadSanitizer build).
std::string server_binary() {
    const char* override_path = std::getenv("BARERTC_BINARY");
    return override_path && *override_path ? override_path : BARERTC_BINARY;
}
}  // namespace

void TestServer::start(std::vector<std::string> extra_args) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> args{server_binary(), "--address", "127.0.0.1:0",
                                  "--config", (dir_ / "settings.toml").string()};
    // The test's own --web wins over the empty default one.
    if (std::find(extra_args.begin(), extra_args.end(), "--web") == extra_args.end()) {
        args.push_back("--web");
        args.push_back((dir_ / "web").string());
    }
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(pipe_fds[1], 1);
        ::dup2(pipe_fds[1], 2);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    stdout_fd_ = pipe_fds[0];
    reader_ = std::thread([this] {
        char buf[4096];
        for (;;) {
            ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
            if (n <= 0) break;
            {
                std::lock_guard lock(mutex_);
                log_.append(buf, static_cast<std::size_t>(n));
            }
            log_grew_.notify_all();
        }
        {
            std::lock_guard lock(mutex_);
            output_closed_ = true;
        }
        log_grew_.notify_all();
    });
    if (!wait_for_log("listening on http://", 20000)) {
        const std::string output = log();
        stop();
        throw std::runtime_error("server did not start; output:\n" + output);
    }
    std::smatch m;
    const std::string output = log();
    static const std::regex re(R"(listening on http://127\.0\.0\.1:(\d+))");
    if (!std::regex_search(output, m, re)) throw std::runtime_error("no port in: " + output);
    port_ = static_cast<unsigned short>(std::stoi(m[1]));
}

std::string TestServer::log() const {
    std::lock_guard lock(mutex_);
    return log_;
}

bool TestServer::wait_for_log(const std::string& needle, int timeout_ms) const {
    std::unique_lock lock(mutex_);
    return log_grew_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] {
        return log_.find(needle) != std::string::npos || output_closed_;
    }) && log_.find(needle) != std::string::npos;
}

int TestServer::stop() {
    int status = -1;
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    if (reader_.joinable()) reader_.join();
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    stdout_fd_ = -1;
    return status;
}

void TestServer::signal(int signal) {
    if (pid_ > 0) ::kill(pid_, signal);
}

int TestServer::wait_exit(int timeout_ms) {
    if (pid_ <= 0) return -1;
    // The server closes its end of the log pipe when it exits: that is the event to await.
    {
        std::unique_lock lock(mutex_);
        if (!log_grew_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                [&] { return output_closed_; }))
            return -1;
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TestServer::~TestServer() {
    stop();
    if (!owns_dir_) return;
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

}  // namespace barertc::testing
