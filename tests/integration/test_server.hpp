// Starts the real build/barertc on an ephemeral loopback port with a settings file of the
// test's choosing, and stops it again. Its log is captured for assertions.
#pragma once

#include <filesystem>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace barertc::testing {

class TestServer {
public:
    // `settings_toml` is written to a fresh temp dir as settings.toml. Extra command-line
    // arguments follow the defaults (--address 127.0.0.1:0 --config ... --web ...).
    explicit TestServer(const std::string& settings_toml, std::vector<std::string> extra_args = {});
    // Starts another server in a directory a previous TestServer made (and that one has been
    // stopped): its settings.toml and data files (bans.sqlite, ...) are used as they are.
    // This server does not remove the directory; its creator does.
    explicit TestServer(const std::filesystem::path& existing_dir,
                        std::vector<std::string> extra_args = {});
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    unsigned short port() const { return port_; }
    const std::filesystem::path& dir() const { return dir_; }
    // Everything the server printed so far.
    std::string log() const;
    // Blocks until the log contains `needle` (or the timeout passes); true when found.
    bool wait_for_log(const std::string& needle, int timeout_ms = 5000) const;
    // Sends SIGTERM and waits; returns the exit status.
    int stop();
    // Sends `signal` (SIGHUP, SIGTERM, ...) to the running server.
    void signal(int signal);
    // Waits for the server to exit by itself; its exit code, or -1 if it is still running.
    int wait_exit(int timeout_ms = 10000);
    bool running() const { return pid_ > 0; }

private:
    void start(std::vector<std::string> extra_args);

    std::filesystem::path dir_;
    bool owns_dir_ = true;
    int pid_ = -1;
    int stdout_fd_ = -1;
    unsigned short port_ = 0;
    std::thread reader_;
    mutable std::mutex mutex_;
    std::string log_;
    bool output_closed_ = false;
    mutable std::condition_variable log_grew_;
};

// Settings for most tests: three channels, guests allowed, fast pings.
// `extra` is appended at the end (tables); `top` goes before the first table (top-level keys).
std::string default_test_settings(const std::string& extra = "", const std::string& top = "");

}  // namespace barertc::testing
