// Debian's nginx on a free loopback port in front of a test server. Everything nginx writes
// lives in a temp dir; what it logs is captured.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace barertc::testing {

inline constexpr const char* kNginxBinary = "/usr/sbin/nginx";

class NginxProxy {
public:
    // `site(port)` is the content of the http{} block (map{}, server{} listening on
    // 127.0.0.1:port). Throws when nginx does not start.
    explicit NginxProxy(const std::function<std::string(unsigned short port)>& site);
    ~NginxProxy();
    NginxProxy(const NginxProxy&) = delete;
    NginxProxy& operator=(const NginxProxy&) = delete;

    static bool installed();
    unsigned short port() const { return port_; }
    std::string log() const;

private:
    bool start(const std::string& site);  // false when nginx exits before it listens
    void stop();

    std::filesystem::path dir_;
    unsigned short port_ = 0;
    int pid_ = -1;
    int output_fd_ = -1;
    std::thread reader_;
    mutable std::mutex mutex_;
    mutable std::condition_variable grew_;
    std::string log_;
    bool output_closed_ = false;
};

}  // namespace barertc::testing
