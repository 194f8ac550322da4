// barertc_loadgen: many BareRTC WebSocket clients on one io_context, for capacity figures.
//
// Scenarios (bench/README.md): fanout, idle, joinstorm, slowreader, soak. Each is bounded in time,
// talks to 127.0.0.1 only, and prints ONE JSON line of results on stdout (progress on stderr).
// With --server-pid it reads the server's CPU time and RSS from /proc at the scenario's own phase
// boundaries, so CPU-seconds are charged to exactly the measured phase.
//
// Cost on our side is kept low so the server is what gets measured: a delivery is recognised by
// finding a marker in the raw frame (no JSON parse), and who-lists are counted by their rows.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <optional>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------------
// Options

struct Options {
    std::string scenario;
    unsigned short port = 0;
    int server_pid = 0;
    int receivers = 1000;  // fanout, slowreader
    int senders = 1;       // fanout, soak
    double rate = 50;      // messages per second per sender
    double duration = 10;  // seconds of sending (fanout, slowreader, soak)
    int connections = 10000;  // idle, soak
    int users = 2000;         // joinstorm
    bool who_delta = false;   // joinstorm: log in with features:["whoDelta"]
    bool full_who = false;    // other scenarios: log in as original clients (default: whoDelta)
    int parallel = 1;         // joinstorm: logins in flight at once (1 = one after another)
    int connect_window = 200; // other scenarios: connections being set up at once
    double hold = 10;         // idle: seconds to hold the connections
    int message_bytes = 0;    // padding of each message body (0 = just the marker)
    double sample_every = 10; // soak: seconds between RSS samples
    double churn = 2;         // soak: reconnects per second
    double timeout = 90;      // hard bound on any scenario (setup included)
};

[[noreturn]] void usage(const std::string& why) {
    std::cerr << "barertc_loadgen: " << why << "\n"
              << "usage: barertc_loadgen SCENARIO --port N [--server-pid PID] [options]\n"
              << "  scenarios: fanout idle joinstorm slowreader soak\n"
              << "  --receivers N --senders N --rate MSGS_PER_S --duration S --message-bytes N\n"
              << "  --connections N --hold S --users N --who-delta --full-who --parallel N\n"
              << "  --connect-window N --sample-every S --churn PER_S --timeout S\n";
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    if (argc < 2) usage("no scenario");
    Options o;
    o.scenario = argv[1];
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(a + " needs a value");
            return argv[++i];
        };
        if (a == "--port") o.port = static_cast<unsigned short>(std::stoi(value()));
        else if (a == "--server-pid") o.server_pid = std::stoi(value());
        else if (a == "--receivers") o.receivers = std::stoi(value());
        else if (a == "--senders") o.senders = std::stoi(value());
        else if (a == "--rate") o.rate = std::stod(value());
        else if (a == "--duration") o.duration = std::stod(value());
        else if (a == "--connections") o.connections = std::stoi(value());
        else if (a == "--users") o.users = std::stoi(value());
        else if (a == "--who-delta") o.who_delta = true;
        else if (a == "--full-who") o.full_who = true;
        else if (a == "--parallel") o.parallel = std::max(1, std::stoi(value()));
        else if (a == "--connect-window") o.connect_window = std::max(1, std::stoi(value()));
        else if (a == "--hold") o.hold = std::stod(value());
        else if (a == "--message-bytes") o.message_bytes = std::clamp(std::stoi(value()), 0, 3900);
        else if (a == "--sample-every") o.sample_every = std::stod(value());
        else if (a == "--churn") o.churn = std::stod(value());
        else if (a == "--timeout") o.timeout = std::stod(value());
        else usage("unknown option " + a);
    }
    if (o.port == 0) usage("--port is required");
    return o;
}

// ---------------------------------------------------------------------------------------------
// The server process, as /proc shows it.

struct ProcSample {
    double cpu_s = 0;  // utime + stime
    long rss_kib = 0;
};

ProcSample sample_process(int pid) {
    ProcSample s;
    if (pid <= 0) return s;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    auto paren = line.rfind(')');
    if (paren != std::string::npos) {
        std::istringstream rest(line.substr(paren + 2));
        std::string field;
        // Fields after the command name start at field 3 (state); utime is 14, stime 15.
        unsigned long long utime = 0, stime = 0;
        for (int n = 3; n <= 15 && rest >> field; ++n) {
            if (n == 14) utime = std::stoull(field);
            if (n == 15) stime = std::stoull(field);
        }
        s.cpu_s = static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    }
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) s.rss_kib = std::stol(line.substr(6));
    return s;
}

double own_cpu_s() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void raise_fd_limit() {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim);
    }
}

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// ---------------------------------------------------------------------------------------------
// Delivery marker: "BMK" + 16 hex digits of the send time (steady clock, ns) + "Z". Letters and
// digits only, so Markdown and the HTML sanitiser pass it through untouched.

constexpr std::string_view kMarker = "BMK";

std::string make_marker(Clock::time_point sent) {
    auto ns = static_cast<unsigned long long>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(sent.time_since_epoch()).count());
    char buf[32];
    std::snprintf(buf, sizeof buf, "BMK%016llxZ", ns);
    return buf;
}

// The send time in a frame carrying a marker, or nullopt.
std::optional<Clock::time_point> find_marker(std::string_view frame) {
    auto at = frame.find(kMarker);
    if (at == std::string_view::npos || at + 3 + 17 > frame.size()) return std::nullopt;
    unsigned long long ns = 0;
    for (std::size_t i = at + 3; i < at + 19; ++i) {
        char c = frame[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return std::nullopt;
        ns = ns * 16 + static_cast<unsigned>(d);
    }
    if (frame[at + 19] != 'Z') return std::nullopt;
    return Clock::time_point(std::chrono::nanoseconds(ns));
}

bool starts_with_action(std::string_view frame, std::string_view action) {
    // Our codec writes "action" first; tolerate whitespace-free JSON only (ours).
    constexpr std::string_view head = R"({"action":")";
    return frame.size() > head.size() + action.size() && frame.substr(0, head.size()) == head &&
           frame.substr(head.size(), action.size()) == action &&
           frame[head.size() + action.size()] == '"';
}

// Rows in a `who` frame: each row has exactly one "username" key.
int count_who_rows(std::string_view frame) {
    constexpr std::string_view key = R"("username":")";
    int n = 0;
    for (auto at = frame.find(key); at != std::string_view::npos; at = frame.find(key, at + key.size()))
        ++n;
    return n;
}

std::string_view view(const json::string& s) { return {s.data(), s.size()}; }

// Latencies in microseconds; percentiles at the end.
struct Latencies {
    std::vector<std::uint32_t> us;
    void add(Clock::duration d) {
        auto v = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
        us.push_back(static_cast<std::uint32_t>(std::clamp<long long>(v, 0, UINT32_MAX)));
    }
    double percentile_ms(double p) {
        if (us.empty()) return 0;
        auto k = static_cast<std::size_t>(p * static_cast<double>(us.size() - 1));
        std::nth_element(us.begin(), us.begin() + static_cast<long>(k), us.end());
        return us[k] / 1000.0;
    }
    double max_ms() const {
        return us.empty() ? 0 : *std::max_element(us.begin(), us.end()) / 1000.0;
    }
    json::object summary() {
        return {{"p50", percentile_ms(0.50)}, {"p99", percentile_ms(0.99)}, {"max", max_ms()}};
    }
};

// ---------------------------------------------------------------------------------------------
// One client connection.

class Client;

struct ClientEvents {
    std::function<void(Client&)> on_login;                    // got `me`
    std::function<void(Client&, std::string_view)> on_frame;  // every text frame
    std::function<void(Client&, int)> on_close;               // close code, -1 = no close frame
};

class Client {
public:
    Client(asio::io_context& ioc, int index, std::string name, ClientEvents& events)
        : index(index), name(std::move(name)), ws_(ioc), events_(events) {}

    const int index;
    const std::string name;
    bool logged_in = false;
    bool closed = false;
    int close_code = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t frames_in = 0;

    // `rcvbuf` > 0 shrinks the socket's receive buffer (a slow reader fills up sooner).
    void start(const tcp::endpoint& server, std::vector<std::string> features, int rcvbuf = 0) {
        features_ = std::move(features);
        auto& sock = beast::get_lowest_layer(ws_).socket();
        beast::error_code ec;
        sock.open(tcp::v4(), ec);
        if (!ec && rcvbuf > 0) sock.set_option(asio::socket_base::receive_buffer_size(rcvbuf), ec);
        if (ec) return fail(-1);
        sock.async_connect(server, [this, server](beast::error_code ec) {
            if (ec) return fail(-1);
            beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true));
            ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
            ws_.read_message_max(64 * 1024 * 1024);
            ws_.async_handshake("127.0.0.1:" + std::to_string(server.port()), "/ws",
                                [this](beast::error_code ec) {
                                    if (ec) return fail(-1);
                                    // read() reads without blocking (async writes work either way).
                                    beast::get_lowest_layer(ws_).socket().non_blocking(true, ec);
                                    send_login();
                                    read();
                                });
        });
    }

    void send(std::string text) {
        if (closed) return;
        out_.push_back(std::move(text));
        if (!writing_) write();
    }
    std::size_t backlog() const { return out_.size(); }

    // A paused client stops reading; its socket buffers fill and the server must cope.
    void pause() { paused_ = true; }
    void resume() {
        if (!paused_) return;
        paused_ = false;
        if (!reading_ && !closed) read();
    }

    // Hangs up (the server sees the connection end, as when a browser tab is closed).
    void leave() {
        if (closed) return;
        closed = true;  // our own doing: not reported as a close by the server
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

private:
    void send_login() {
        json::object login{{"action", "login"}, {"username", name}};
        if (!features_.empty()) {
            json::array f;
            for (auto& s : features_) f.emplace_back(s);
            login["features"] = std::move(f);
        }
        send(json::serialize(login));
    }

    void write() {
        writing_ = true;
        if (pong_pending_) {
            pong_pending_ = false;
            ws_.async_pong({}, [this](beast::error_code ec) {
                writing_ = false;
                if (!ec && !out_.empty()) write();
            });
            return;
        }
        if (out_.empty()) {
            writing_ = false;
            return;
        }
        ws_.text(true);
        ws_.async_write(asio::buffer(out_.front()), [this](beast::error_code ec, std::size_t) {
            writing_ = false;
            out_.pop_front();
            if (ec) {
                out_.clear();
                return;
            }
            if (!out_.empty() || pong_pending_) write();
        });
    }

    // After the handshake the client reads the socket itself: Beast's per-message read
    // operation cost more than the server's work per message, which made the loadgen the
    // bottleneck of join storms (2 million presence notices). Server frames are unmasked and
    // never fragmented; a shared chunk takes each read, only a frame's unread tail is kept.
    void read() {
        reading_ = true;
        auto& sock = beast::get_lowest_layer(ws_).socket();
        sock.async_wait(tcp::socket::wait_read, [this](beast::error_code ec) {
            reading_ = false;
            if (closed) return;
            if (ec) return fail(-1);
            thread_local std::vector<char> chunk(256 * 1024);
            auto& sock = beast::get_lowest_layer(ws_).socket();
            const std::size_t n = sock.read_some(asio::buffer(chunk), ec);
            if (ec == asio::error::would_block) return read();
            if (ec) return fail(-1);
            bytes_in += n;
            std::size_t used;
            if (partial_.empty()) {
                used = parse(chunk.data(), n);
                if (!closed && used < n) partial_.assign(chunk.data() + used, n - used);
            } else {
                partial_.append(chunk.data(), n);
                used = parse(partial_.data(), partial_.size());
                if (!closed) partial_.erase(0, used);
                if (partial_.empty() && partial_.capacity() > 256 * 1024) std::string().swap(partial_);
            }
            if (!paused_ && !closed) read();
        });
    }

    // Handles the whole frames at `p`; returns the bytes they used.
    std::size_t parse(const char* p, std::size_t size) {
        std::size_t at = 0;
        while (!closed && size - at >= 2) {
            const auto* b = reinterpret_cast<const unsigned char*>(p + at);
            std::size_t header = 2;
            std::uint64_t len = b[1] & 0x7F;
            if (len == 126) {
                if (size - at < 4) break;
                len = (std::uint64_t(b[2]) << 8) | b[3];
                header = 4;
            } else if (len == 127) {
                if (size - at < 10) break;
                len = 0;
                for (int i = 0; i < 8; ++i) len = (len << 8) | b[2 + i];
                header = 10;
            }
            if (size - at < header + len) break;
            const int opcode = b[0] & 0x0F;
            std::string_view payload(p + at + header, static_cast<std::size_t>(len));
            at += header + static_cast<std::size_t>(len);
            if (opcode == 0x1) {
                ++frames_in;
                if (!logged_in && starts_with_action(payload, "me")) {
                    logged_in = true;
                    if (events_.on_login) events_.on_login(*this);
                }
                if (events_.on_frame) events_.on_frame(*this, payload);
            } else if (opcode == 0x8) {
                const int code = payload.size() >= 2
                                     ? (static_cast<unsigned char>(payload[0]) << 8) |
                                           static_cast<unsigned char>(payload[1])
                                     : 1005;
                beast::error_code ignored;
                beast::get_lowest_layer(ws_).socket().close(ignored);
                fail(code);
            } else if (opcode == 0x9) {
                pong_pending_ = true;  // keep-alive: answered by the write side
                if (!writing_) write();
            }
        }
        return at;
    }

    void fail(int code) {
        if (closed) return;
        closed = true;
        close_code = code;
        if (events_.on_close) events_.on_close(*this, code);
    }

    websocket::stream<beast::tcp_stream> ws_;
    ClientEvents& events_;
    std::vector<std::string> features_;
    std::deque<std::string> out_;
    bool writing_ = false;
    bool reading_ = false;
    bool paused_ = false;
    bool pong_pending_ = false;
    std::string partial_;  // the start of a frame whose end has not arrived
};

// ---------------------------------------------------------------------------------------------
// Shared scaffolding: a pool of clients brought up through a window of connections in flight,
// timers, and the result line.

class Bench {
public:
    explicit Bench(Options o)
        : opt(std::move(o)), server(asio::ip::make_address("127.0.0.1"), opt.port),
          deadline_(ioc) {}

    Options opt;
    asio::io_context ioc;
    tcp::endpoint server;
    ClientEvents events;
    std::vector<std::unique_ptr<Client>> clients;
    std::map<int, int> close_codes;  // close code -> count, for clients that did not leave
    int logins = 0;
    Clock::time_point started = Clock::now();
    Clock::time_point last_frame = Clock::now();

    Client& add_client(const std::string& name) {
        clients.push_back(std::make_unique<Client>(ioc, static_cast<int>(clients.size()), name, events));
        return *clients.back();
    }

    // Brings clients [first, clients.size()) up, at most `window` at a time; then calls done.
    void bring_up(std::size_t first, int window, std::vector<std::string> features,
                  std::function<void()> done) {
        next_up_ = first;
        up_features_ = std::move(features);
        up_done_ = std::move(done);
        in_flight_ = 0;
        for (int i = 0; i < window; ++i) start_next();
    }
    // Call from on_login/on_close handlers so the window moves on.
    void brought_up() {
        if (in_flight_ > 0) --in_flight_;
        start_next();
    }

    void after(double seconds, std::function<void()> fn) {
        auto t = std::make_shared<asio::steady_timer>(ioc);
        t->expires_after(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)));
        t->async_wait([t, fn = std::move(fn)](beast::error_code ec) {
            if (!ec) fn();
        });
    }

    // Calls fn once no frame has arrived for `quiet` seconds (or `max_wait` passed).
    void when_quiet(double quiet, double max_wait, std::function<void()> fn) {
        auto begun = Clock::now();
        auto poll = std::make_shared<std::function<void()>>();
        *poll = [this, quiet, max_wait, begun, fn = std::move(fn), poll]() {
            // (The closures keep each other alive until the process ends; that is fine here.)
            if (seconds_since(last_frame) >= quiet || seconds_since(begun) >= max_wait) return fn();
            after(0.05, *poll);
        };
        after(0.05, *poll);
    }

    // Runs until finish() or the hard timeout; returns the result line.
    void run(std::function<void()> begin) {
        deadline_.expires_after(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt.timeout)));
        deadline_.async_wait([this](beast::error_code ec) {
            if (ec) return;
            timed_out = true;
            std::cerr << "loadgen: timeout after " << opt.timeout << " s\n";
            if (on_timeout) on_timeout();
            ioc.stop();
        });
        asio::post(ioc, std::move(begin));
        ioc.run();
    }
    void finish(json::object result) {
        result_ = std::move(result);
        deadline_.cancel();
        ioc.stop();
    }

    bool timed_out = false;
    std::function<void()> on_timeout;
    json::object result_;

    json::object close_summary() const {
        json::object o;
        for (auto [code, n] : close_codes) o[std::to_string(code)] = n;
        return o;
    }

private:
    void start_next() {
        if (next_up_ >= clients.size()) {
            if (in_flight_ == 0 && up_done_) {
                auto done = std::move(up_done_);
                up_done_ = nullptr;
                done();
            }
            return;
        }
        ++in_flight_;
        clients[next_up_++]->start(server, up_features_);
    }

    asio::steady_timer deadline_;
    std::size_t next_up_ = 0;
    int in_flight_ = 0;
    std::vector<std::string> up_features_;
    std::function<void()> up_done_;
};

std::string name_of(char prefix, int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%05d", prefix, i);
    return buf;
}

std::vector<std::string> features_for(const Options& o) {
    if (o.full_who) return {};
    return {"whoDelta"};
}

// A chat message with a marker; padded to `bytes` with plain letters.
std::string message_frame(Clock::time_point now, std::uint64_t seq, int bytes) {
    std::string body = make_marker(now) + " m" + std::to_string(seq);
    if (bytes > static_cast<int>(body.size())) body.append(static_cast<std::size_t>(bytes) - body.size(), 'x');
    json::object m{{"action", "message"}, {"channel", "lobby"}, {"message", body}};
    return json::serialize(m);
}

// Senders at a steady rate: absolute schedule, so a late tick is caught up, not lost.
class Pacer {
public:
    Pacer(Bench& b, std::vector<Client*> senders, double rate, double duration, int bytes,
          std::function<void()> done)
        : b_(b), senders_(std::move(senders)), interval_(1.0 / rate), duration_(duration),
          bytes_(bytes), timer_(b.ioc), done_(std::move(done)) {}

    std::uint64_t sent = 0;
    Clock::time_point first_send, last_send;

    void start() {
        first_send = Clock::now();
        next_ = first_send;
        tick();
    }

private:
    void tick() {
        auto now = Clock::now();
        if (std::chrono::duration<double>(now - first_send).count() >= duration_) {
            last_send = now;
            return done_();
        }
        while (next_ <= now) {
            for (Client* s : senders_)
                if (!s->closed) {
                    s->send(message_frame(Clock::now(), sent, bytes_));
                    ++sent;
                }
            next_ += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval_));
        }
        timer_.expires_at(next_);
        timer_.async_wait([this](beast::error_code ec) {
            if (!ec) tick();
        });
    }

    Bench& b_;
    std::vector<Client*> senders_;
    double interval_, duration_;
    int bytes_;
    asio::steady_timer timer_;
    std::function<void()> done_;
    Clock::time_point next_;
};

json::object proc_delta(const ProcSample& a, const ProcSample& b) {
    return {{"cpu_s", b.cpu_s - a.cpu_s}, {"rss_kib_before", a.rss_kib}, {"rss_kib_after", b.rss_kib}};
}

// ---------------------------------------------------------------------------------------------
// fanout: S senders post into one channel read by R receivers. Server CPU per million
// deliveries and delivery latency.

json::object fanout(Bench& b) {
    const Options& o = b.opt;
    Latencies lat;
    std::uint64_t deliveries = 0;
    Clock::time_point last_delivery{};
    bool measuring = false;
    ProcSample server_before, server_after;
    double own_before = 0;
    std::unique_ptr<Pacer> pacer;
    json::object out;
    double login_s = 0;

    b.events.on_login = [&](Client&) {
        ++b.logins;
        b.brought_up();
    };
    b.events.on_close = [&](Client& c, int code) {
        ++b.close_codes[code];
        if (!c.logged_in) b.brought_up();
    };
    b.events.on_frame = [&](Client& c, std::string_view frame) {
        b.last_frame = Clock::now();
        if (!measuring || c.index < o.senders) return;
        if (auto sent = find_marker(frame)) {
            ++deliveries;
            last_delivery = b.last_frame;
            lat.add(last_delivery - *sent);
        }
    };

    for (int i = 0; i < o.senders; ++i) b.add_client(name_of('s', i));
    for (int i = 0; i < o.receivers; ++i) b.add_client(name_of('r', i));
    std::vector<Client*> senders;
    for (int i = 0; i < o.senders; ++i) senders.push_back(b.clients[static_cast<std::size_t>(i)].get());

    auto report = [&] {
        server_after = sample_process(o.server_pid);
        std::uint64_t expected = pacer ? pacer->sent * static_cast<std::uint64_t>(o.receivers) : 0;
        double span = pacer && deliveries ? std::chrono::duration<double>(last_delivery - pacer->first_send).count() : 0;
        double cpu = server_after.cpu_s - server_before.cpu_s;
        out = {{"scenario", "fanout"},
               {"senders", o.senders},
               {"receivers", o.receivers},
               {"rate_per_sender", o.rate},
               {"duration_s", o.duration},
               {"message_bytes", o.message_bytes},
               {"logged_in", b.logins},
               {"login_s", login_s},
               {"messages_sent", pacer ? pacer->sent : 0},
               {"deliveries", deliveries},
               {"expected_deliveries", expected},
               {"deliveries_per_s", span > 0 ? static_cast<double>(deliveries) / span : 0.0},
               {"latency_ms", lat.summary()},
               {"closed", b.close_summary()},
               {"server", proc_delta(server_before, server_after)},
               {"server_cpu_s_per_million", deliveries ? cpu * 1e6 / static_cast<double>(deliveries) : 0.0},
               {"loadgen_cpu_s", own_cpu_s() - own_before},
               {"timed_out", b.timed_out}};
    };
    b.on_timeout = report;

    b.run([&] {
        std::cerr << "fanout: logging in " << b.clients.size() << " clients\n";
        b.bring_up(0, o.connect_window, features_for(o), [&] {
            login_s = seconds_since(b.started);
            std::cerr << "fanout: " << b.logins << " logged in after " << login_s << " s; waiting for who-lists to settle\n";
            b.when_quiet(0.5, 15, [&] {
                std::cerr << "fanout: sending for " << o.duration << " s\n";
                server_before = sample_process(o.server_pid);
                own_before = own_cpu_s();
                measuring = true;
                pacer = std::make_unique<Pacer>(b, senders, o.rate, o.duration, o.message_bytes, [&] {
                    // Drain: until everything expected arrived or nothing came for a while.
                    auto expected = pacer->sent * static_cast<std::uint64_t>(o.receivers);
                    auto drained = std::make_shared<std::function<void()>>();
                    auto begun = Clock::now();
                    *drained = [&, expected, begun, drained] {
                        if (deliveries >= expected || seconds_since(b.last_frame) > 2 ||
                            seconds_since(begun) > 30) {
                            report();
                            return b.finish(out);
                        }
                        b.after(0.02, *drained);
                    };
                    (*drained)();
                });
                pacer->start();
            });
        });
    });
    return b.timed_out ? out : b.result_;
}

// ---------------------------------------------------------------------------------------------
// idle: N logged-in connections held open; server RSS per connection.

json::object idle(Bench& b) {
    const Options& o = b.opt;
    ProcSample before = sample_process(o.server_pid), loaded, held;
    json::object out;
    b.events.on_login = [&](Client&) {
        ++b.logins;
        b.brought_up();
    };
    b.events.on_close = [&](Client& c, int code) {
        ++b.close_codes[code];
        if (!c.logged_in) b.brought_up();
    };
    b.events.on_frame = [&](Client&, std::string_view) { b.last_frame = Clock::now(); };
    for (int i = 0; i < o.connections; ++i) b.add_client(name_of('i', i));
    double login_s = -1;  // stays -1 if not everyone got in
    auto report = [&] {
        held = sample_process(o.server_pid);
        long grown = held.rss_kib - before.rss_kib;
        out = {{"scenario", "idle"},
               {"connections", o.connections},
               {"logged_in", b.logins},
               {"who_delta", !o.full_who},
               {"login_s", login_s},
               {"hold_s", o.hold},
               {"closed", b.close_summary()},
               {"server_rss_kib_before", before.rss_kib},
               {"server_rss_kib_loaded", loaded.rss_kib},
               {"server_rss_kib_after_hold", held.rss_kib},
               {"server_rss_kib_per_connection", b.logins ? static_cast<double>(grown) / b.logins : 0.0},
               {"timed_out", b.timed_out}};
    };
    b.on_timeout = report;
    b.run([&] {
        std::cerr << "idle: logging in " << o.connections << " clients\n";
        b.started = Clock::now();
        b.bring_up(0, o.connect_window, features_for(o), [&] {
            login_s = seconds_since(b.started);
            b.when_quiet(1.0, 15, [&] {
                loaded = sample_process(o.server_pid);
                std::cerr << "idle: " << b.logins << " logged in; holding " << o.hold << " s\n";
                b.after(o.hold, [&] {
                    report();
                    b.finish(out);
                });
            });
        });
    });
    return b.timed_out ? out : b.result_;
}

// ---------------------------------------------------------------------------------------------
// joinstorm: N users log in (one after another by default); time until every one of them has
// a list showing all N, and the who-list bytes that took.

json::object joinstorm(Bench& b) {
    const Options& o = b.opt;
    const int n = o.users;
    std::uint64_t who_bytes = 0, who_frames = 0, who_bytes_at_listed = 0;
    std::size_t largest_full = 0;
    int listed = 0;
    double listed_s = -1;
    // whoDelta clients: who each client knows to be online.
    std::vector<std::vector<std::uint8_t>> known;
    std::vector<int> known_count;
    std::vector<bool> is_listed(static_cast<std::size_t>(n), false);
    ProcSample before = sample_process(o.server_pid);
    json::object out;

    auto index_of = [&](std::string_view name) -> int {
        if (name.size() < 2 || name[0] != 'j') return -1;
        int v = 0;
        for (char c : name.substr(1)) {
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v < n ? v : -1;
    };
    auto mark_listed = [&](Client& c) {
        auto i = static_cast<std::size_t>(c.index);
        if (is_listed[i]) return;
        is_listed[i] = true;
        if (++listed == n) {
            listed_s = seconds_since(b.started);
            who_bytes_at_listed = who_bytes;
        }
    };
    if (o.who_delta) {
        known.assign(static_cast<std::size_t>(n), std::vector<std::uint8_t>(static_cast<std::size_t>(n), 0));
        known_count.assign(static_cast<std::size_t>(n), 0);
    }
    auto learn = [&](Client& c, std::string_view name, bool online) {
        int j = index_of(name);
        if (j < 0) return;
        auto& k = known[static_cast<std::size_t>(c.index)][static_cast<std::size_t>(j)];
        if (k == online) return;
        k = online;
        known_count[static_cast<std::size_t>(c.index)] += online ? 1 : -1;
    };

    bool finishing = false;
    auto finish_when_listed = [&] {
        if (listed < n || finishing) return;
        // Everyone is listed; count what the last flushes still bring, then report.
        finishing = true;
        b.when_quiet(0.5, 5, [&] { b.finish(out); });
    };
    b.events.on_login = [&](Client&) {
        ++b.logins;
        b.brought_up();
    };
    b.events.on_close = [&](Client& c, int code) {
        ++b.close_codes[code];
        if (!c.logged_in) b.brought_up();
    };
    b.events.on_frame = [&](Client& c, std::string_view frame) {
        b.last_frame = Clock::now();
        if (starts_with_action(frame, "who")) {
            who_bytes += frame.size();
            ++who_frames;
            largest_full = std::max(largest_full, frame.size());
            if (!o.who_delta) {
                // A row is at least ~20 bytes: shorter frames cannot hold everyone.
                if (frame.size() >= static_cast<std::size_t>(n) * 20 && count_who_rows(frame) >= n)
                    mark_listed(c);
                return finish_when_listed();
            }
            auto& k = known[static_cast<std::size_t>(c.index)];
            std::fill(k.begin(), k.end(), 0);
            known_count[static_cast<std::size_t>(c.index)] = 0;
            auto v = json::parse(frame);
            if (auto* list = v.as_object().if_contains("whoList"))
                for (auto& row : list->as_array()) learn(c, view(row.as_object().at("username").as_string()), true);
        } else if (starts_with_action(frame, "who-delta")) {
            who_bytes += frame.size();
            ++who_frames;
            auto v = json::parse(frame).as_object();
            for (const char* key : {"joined", "changed"})
                if (auto* rows = v.if_contains(key))
                    for (auto& row : rows->as_array()) learn(c, view(row.as_object().at("username").as_string()), true);
            if (auto* gone = v.if_contains("left"))
                for (auto& name : gone->as_array()) learn(c, view(name.as_string()), false);
        } else {
            return;
        }
        if (known_count[static_cast<std::size_t>(c.index)] >= n) mark_listed(c);
        finish_when_listed();
    };

    for (int i = 0; i < n; ++i) b.add_client(name_of('j', i));
    auto report = [&] {
        ProcSample after = sample_process(o.server_pid);
        // The least any scheme can send: every client learns every user once, i.e. N times the
        // final full list (row bytes dominate).
        double minimum = static_cast<double>(n) * static_cast<double>(largest_full);
        out = {{"scenario", "joinstorm"},
               {"users", n},
               {"who_delta", o.who_delta},
               {"parallel", o.parallel},
               {"logged_in", b.logins},
               {"everyone_listed", listed >= n},
               {"listed", listed},
               {"time_to_everyone_listed_s", listed_s},
               {"who_bytes_until_listed", who_bytes_at_listed},
               {"who_bytes_total", who_bytes},
               {"who_frames", who_frames},
               {"full_list_bytes", largest_full},
               {"who_bytes_vs_minimum", minimum > 0 ? static_cast<double>(who_bytes) / minimum : 0.0},
               {"closed", b.close_summary()},
               {"server", proc_delta(before, after)},
               {"loadgen_cpu_s", own_cpu_s()},
               {"timed_out", b.timed_out}};
    };
    b.on_timeout = report;
    b.run([&] {
        std::cerr << "joinstorm: " << n << " users, " << o.parallel << " login(s) at a time\n";
        b.started = Clock::now();
        b.bring_up(0, o.parallel, o.who_delta ? std::vector<std::string>{"whoDelta"} : std::vector<std::string>{},
                   [] {});
    });
    if (!b.timed_out) report();
    return out;
}

// ---------------------------------------------------------------------------------------------
// slowreader: one client stops reading while R others read promptly and a sender posts. The
// others must see no drops and no added latency; the slow one is cut off (1008).

json::object slowreader(Bench& b) {
    const Options& o = b.opt;
    Latencies lat;
    std::uint64_t deliveries = 0, slow_deliveries = 0;
    ProcSample before, peak, after;
    std::unique_ptr<Pacer> pacer;
    Client* slow = nullptr;
    int slow_code = 0;
    json::object out;

    std::function<void()> slow_logged_in;
    b.events.on_login = [&](Client& c) {
        ++b.logins;
        if (&c == slow) return slow_logged_in();
        b.brought_up();
    };
    b.events.on_close = [&](Client& c, int code) {
        if (&c == slow) slow_code = code;
        else ++b.close_codes[code];
        if (!c.logged_in) b.brought_up();
    };
    b.events.on_frame = [&](Client& c, std::string_view frame) {
        b.last_frame = Clock::now();
        if (!pacer || c.index == 0) return;
        if (&c == slow) {
            if (find_marker(frame)) ++slow_deliveries;
            return;
        }
        if (auto sent = find_marker(frame)) {
            ++deliveries;
            lat.add(b.last_frame - *sent);
        }
    };

    b.add_client("s00000");
    for (int i = 0; i < o.receivers; ++i) b.add_client(name_of('r', i));
    auto report = [&] {
        after = sample_process(o.server_pid);
        out = {{"scenario", "slowreader"},
               {"receivers", o.receivers},
               {"rate", o.rate},
               {"duration_s", o.duration},
               {"message_bytes", o.message_bytes},
               {"messages_sent", pacer ? pacer->sent : 0},
               {"deliveries", deliveries},
               {"expected_deliveries", pacer ? pacer->sent * static_cast<std::uint64_t>(o.receivers) : 0},
               {"latency_ms", lat.summary()},
               {"others_closed", b.close_summary()},
               {"slow_reader_close_code", slow_code},
               {"slow_reader_deliveries", slow_deliveries},
               {"server_rss_kib_before", before.rss_kib},
               {"server_rss_kib_peak", peak.rss_kib},
               {"server_rss_kib_after", after.rss_kib},
               {"timed_out", b.timed_out}};
    };
    b.on_timeout = report;
    b.run([&] {
        // Everyone but the slow reader first; it comes last with a tiny receive buffer.
        b.bring_up(0, o.connect_window, features_for(o), [&] {
            slow_logged_in = [&] {
                b.when_quiet(0.5, 15, [&] {
                    before = sample_process(o.server_pid);
                    slow->pause();
                    std::cerr << "slowreader: slow client paused; sending for " << o.duration << " s\n";
                    auto sample = std::make_shared<std::function<void()>>();
                    *sample = [&, sample] {
                        auto s = sample_process(o.server_pid);
                        if (s.rss_kib > peak.rss_kib) peak = s;
                        if (pacer && pacer->last_send != Clock::time_point{}) return;
                        b.after(0.25, *sample);
                    };
                    (*sample)();
                    std::vector<Client*> senders{b.clients[0].get()};
                    pacer = std::make_unique<Pacer>(b, senders, o.rate, o.duration, o.message_bytes, [&] {
                        b.when_quiet(1.0, 10, [&] {
                            std::cerr << "slowreader: resuming the slow client\n";
                            slow->resume();
                            b.when_quiet(1.0, 10, [&] {
                                report();
                                b.finish(out);
                            });
                        });
                    });
                    pacer->start();
                });
            };
            slow = &b.add_client("slow0");
            slow->start(b.server, features_for(o), 4096);
        });
    });
    return b.timed_out ? out : b.result_;
}

// ---------------------------------------------------------------------------------------------
// soak: N connections, S senders at a steady rate, a few reconnects per second; server RSS
// sampled over time. It must be flat once warmed up.

json::object soak(Bench& b) {
    const Options& o = b.opt;
    std::uint64_t deliveries = 0, reconnects = 0;
    json::array samples;
    std::unique_ptr<Pacer> pacer;
    Clock::time_point traffic_start;
    json::object out;
    std::size_t churn_next = static_cast<std::size_t>(o.senders);
    int generation = 0;

    b.events.on_login = [&](Client&) {
        ++b.logins;
        b.brought_up();
    };
    b.events.on_close = [&](Client& c, int code) {
        if (code != 1000) ++b.close_codes[code];
        if (!c.logged_in) b.brought_up();
    };
    b.events.on_frame = [&](Client&, std::string_view frame) {
        b.last_frame = Clock::now();
        if (frame.find(kMarker) != std::string_view::npos) ++deliveries;
    };
    for (int i = 0; i < o.connections; ++i) b.add_client(name_of('k', i));
    std::vector<Client*> senders;
    for (int i = 0; i < o.senders; ++i) senders.push_back(b.clients[static_cast<std::size_t>(i)].get());

    auto report = [&] {
        // Growth from the first sample after warm-up (a quarter of the run) to the last.
        long warm = 0, last = 0, lo = LONG_MAX, hi = 0;
        double warm_after = o.duration / 4;
        for (auto& s : samples) {
            auto& a = s.as_array();
            double t = a[0].to_number<double>();
            long kib = a[1].to_number<long>();
            if (t >= warm_after) {
                if (!warm) warm = kib;
                lo = std::min(lo, kib);
                hi = std::max(hi, kib);
            }
            last = kib;
        }
        out = {{"scenario", "soak"},
               {"connections", o.connections},
               {"senders", o.senders},
               {"rate_per_sender", o.rate},
               {"churn_per_s", o.churn},
               {"duration_s", o.duration},
               {"logged_in", b.logins},
               {"reconnects", reconnects},
               {"messages_sent", pacer ? pacer->sent : 0},
               {"deliveries", deliveries},
               {"closed", b.close_summary()},
               {"rss_kib", samples},
               {"rss_kib_warm", warm},
               {"rss_kib_last", last},
               {"rss_kib_min_after_warmup", lo == LONG_MAX ? 0 : lo},
               {"rss_kib_max_after_warmup", hi},
               {"rss_growth_after_warmup_pct", warm ? 100.0 * static_cast<double>(last - warm) / static_cast<double>(warm) : 0.0},
               {"timed_out", b.timed_out}};
    };
    b.on_timeout = report;
    b.opt.timeout = std::max(o.timeout, o.duration + 60);

    std::function<void()> sample = [&] {
        auto s = sample_process(o.server_pid);
        samples.push_back(json::array{std::round(seconds_since(traffic_start) * 10) / 10, s.rss_kib});
        std::cerr << "soak: t=" << seconds_since(traffic_start) << " s rss=" << s.rss_kib << " KiB\n";
        if (pacer && pacer->last_send != Clock::time_point{}) return;
        b.after(o.sample_every, sample);
    };
    // Churn: the oldest non-sender leaves; a new client takes its place.
    std::function<void()> churn = [&] {
        if (pacer && pacer->last_send != Clock::time_point{}) return;
        if (o.churn > 0) {
            auto& old = b.clients[churn_next];
            old->leave();
            auto fresh = std::make_unique<Client>(b.ioc, old->index, name_of('k', old->index) + "g" + std::to_string(++generation % 10), b.events);
            // The old connection finishes closing on its own; keep it alive until the end.
            b.clients.push_back(std::move(old));
            b.clients[churn_next] = std::move(fresh);
            b.clients[churn_next]->start(b.server, features_for(o));
            ++reconnects;
            churn_next = churn_next + 1 < static_cast<std::size_t>(o.connections) ? churn_next + 1 : static_cast<std::size_t>(o.senders);
        }
        b.after(o.churn > 0 ? 1.0 / o.churn : 1.0, churn);
    };
    b.run([&] {
        std::cerr << "soak: logging in " << o.connections << " clients\n";
        b.bring_up(0, o.connect_window, features_for(o), [&] {
            b.when_quiet(1.0, 15, [&] {
                std::cerr << "soak: traffic for " << o.duration << " s\n";
                traffic_start = Clock::now();
                pacer = std::make_unique<Pacer>(b, senders, o.rate, o.duration, o.message_bytes, [&] {
                    b.after(1.0, [&] {
                        auto s = sample_process(o.server_pid);
                        samples.push_back(json::array{std::round(seconds_since(traffic_start) * 10) / 10, s.rss_kib});
                        report();
                        b.finish(out);
                    });
                });
                pacer->start();
                sample();
                b.after(1.0, churn);
            });
        });
    });
    return b.timed_out ? out : b.result_;
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parse_options(argc, argv);
    raise_fd_limit();
    // Clients that outlive the io_context's work are never destroyed mid-handler: the process
    // ends right after the result line, so nothing is torn down.
    auto* bench = new Bench(o);
    json::object result;
    if (o.scenario == "fanout") result = fanout(*bench);
    else if (o.scenario == "idle") result = idle(*bench);
    else if (o.scenario == "joinstorm") result = joinstorm(*bench);
    else if (o.scenario == "slowreader") result = slowreader(*bench);
    else if (o.scenario == "soak") result = soak(*bench);
    else usage("unknown scenario " + o.scenario);
    std::cout << json::serialize(result) << std::endl;
    std::_Exit(0);
}
