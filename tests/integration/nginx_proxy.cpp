#include "nginx_proxy.hpp"

#include <boost/asio.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <random>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace barertc::testing {

namespace {

// A port the kernel just handed out is very likely still free a moment later; if nginx
// loses the race, the constructor tries another.
unsigned short pick_free_port() {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor acceptor(
        ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

std::string main_config(const std::filesystem::path& dir, const std::string& site) {
    const std::string d = dir.string();
    std::string conf = "daemon off;\nworker_processes 1;\n";
    // As root, workers would switch to `nobody`, who cannot use the temp dir.
    if (::geteuid() == 0) conf += "user root;\n";
    conf += "pid " + d + "/nginx.pid;\nerror_log stderr notice;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            "  access_log off;\n"
            "  client_body_temp_path " + d + "/body;\n"
            "  proxy_temp_path " + d + "/proxy;\n"
            "  fastcgi_temp_path " + d + "/fastcgi;\n"
            "  uwsgi_temp_path " + d + "/uwsgi;\n"
            "  scgi_temp_path " + d + "/scgi;\n" +
            site + "\n}\n";
    return conf;
}

}  // namespace

bool NginxProxy::installed() { return ::access(kNginxBinary, X_OK) == 0; }

NginxProxy::NginxProxy(const std::function<std::string(unsigned short)>& site) {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("barertc-nginx-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    for (int attempt = 0; attempt < 3; ++attempt) {
        port_ = pick_free_port();
        if (start(site(port_))) return;
    }
    const std::string output = log();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    throw std::runtime_error("nginx did not start; its output:\n" + output);
}

bool NginxProxy::start(const std::string& site) {
    const auto conf = dir_ / "nginx.conf";
    std::ofstream(conf) << main_config(dir_, site);
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> args{kNginxBinary, "-e", "stderr", "-p", dir_.string(), "-c",
                                  conf.string()};
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(fds[1], 1);
        ::dup2(fds[1], 2);
        ::close(fds[0]);
        ::close(fds[1]);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    output_fd_ = fds[0];
    {
        std::lock_guard lock(mutex_);
        output_closed_ = false;
    }
    reader_ = std::thread([this] {
        char buf[4096];
        for (ssize_t n; (n = ::read(output_fd_, buf, sizeof buf)) > 0;) {
            std::lock_guard lock(mutex_);
            log_.append(buf, static_cast<std::size_t>(n));
            grew_.notify_all();
        }
        std::lock_guard lock(mutex_);
        output_closed_ = true;
        grew_.notify_all();
    });
    // The master logs this once its listening sockets are open.
    const std::string ready = "start worker processes";
    std::unique_lock lock(mutex_);
    const bool up = grew_.wait_for(lock, std::chrono::seconds(10), [&] {
        return log_.find(ready) != std::string::npos || output_closed_;
    }) && log_.find(ready) != std::string::npos;
    lock.unlock();
    if (!up) stop();
    return up;
}

void NginxProxy::stop() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);  // fast shutdown: open WebSockets are simply cut
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    if (reader_.joinable()) reader_.join();
    if (output_fd_ >= 0) ::close(output_fd_);
    output_fd_ = -1;
}

std::string NginxProxy::log() const {
    std::lock_guard lock(mutex_);
    return log_;
}

NginxProxy::~NginxProxy() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

}  // namespace barertc::testing
